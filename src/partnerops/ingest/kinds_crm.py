"""The CRM link kinds (merged into `partnerops.ingest.kinds.KINDS`): HubSpot's deal-company associations and
pipeline stages, which deals import resolves their company and outcome through."""

from __future__ import annotations

from partnerops.ingest.kinds import KindSpec

KINDS: dict[str, KindSpec] = {}
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}
