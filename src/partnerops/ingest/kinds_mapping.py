"""The record kinds the mapping features import (merged into `partnerops.ingest.kinds.KINDS`)."""

from __future__ import annotations

from partnerops.ingest.kinds import KindSpec

KINDS: dict[str, KindSpec] = {}
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}
