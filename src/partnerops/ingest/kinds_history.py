"""The deal history kinds (merged into `partnerops.ingest.kinds.KINDS`): opportunity stage history and line
items (products)."""

from __future__ import annotations

from partnerops.ingest.kinds import KindSpec

KINDS: dict[str, KindSpec] = {}
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}
