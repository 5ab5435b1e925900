"""What a CRM reader hands the pull: pages to land in order, and the stamp to keep as the cursor once they have."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from partnerops.sync.landing import Page
from partnerops.sync.mapping import PulledObject

# The external ids among the given ones that PartnerOps holds for a kind (deletions name only what it holds).
StoredIds = Callable[[str, list[str]], set[str]]


@dataclass(frozen=True)
class Batch:
    """Pages that land one after another (a deal page's associations before the deals), then `stamp` is the
    object's cursor. `stamp` None leaves the cursor where it is."""

    pages: tuple[Page, ...]
    stamp: str | None = None
    # Records the CRM reported that had nothing to land (deleted there, never held here).
    skipped: int = 0


class CrmReader(Protocol):
    fmt: str

    def changed(self, obj: PulledObject, since: datetime | None) -> Iterator[Batch]:
        """Every record of `obj` modified at or after `since` (all when None), oldest first."""
        ...

    def removed(self, obj: PulledObject, since: datetime, stored: StoredIds) -> Iterator[Batch]:
        """Records of `obj` deleted since `since` that no changed page reported (purged, archived); a batch's stamp
        is where the next read of deletions starts."""
        ...
