"""The record kinds recruiting imports (merged into `partnerops.ingest.kinds.KINDS`): candidate partners, and
each candidate's customers, the list its overlap with our target accounts is measured on."""

from __future__ import annotations

from partnerops.domain.enums import PartnerType
from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.recruiting_tables import candidate_customers, recruiting_candidates

KINDS: dict[str, KindSpec] = {
    "candidates": KindSpec("candidates", recruiting_candidates, (
        Field("id", required=True), Field("name", required=True), Field("domain", "domain"),
        Field("segment"), Field("region"), Field("type", "enum", True, tuple(t.value for t in PartnerType)),
    )),
    "candidate_customers": KindSpec("candidate_customers", candidate_customers, (
        Field("id", required=True), Field("candidate_id", "ref", True, ref="candidates"),
        Field("name", required=True), Field("domain", "domain"),
    )),
}  # fmt: skip
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}
