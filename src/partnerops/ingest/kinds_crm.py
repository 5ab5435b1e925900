"""The CRM link kinds (merged into `partnerops.ingest.kinds.KINDS`): HubSpot's deal-company associations and
pipeline stages, which deals import resolves their company and outcome through."""

from __future__ import annotations

from partnerops.domain.enums import Outcome
from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.crm_tables import deal_companies, deal_stages

ROLES = ("primary", "associated")

KINDS: dict[str, KindSpec] = {
    # One association of a deal with a company; the id is "deal:company:type", made by the import.
    "deal_companies": KindSpec("deal_companies", deal_companies, (
        Field("id", required=True), Field("deal_id", required=True), Field("company_id", required=True),
        Field("type_id"), Field("label"), Field("role", "enum", True, ROLES),
    )),
    # A pipeline stage: its id is what a deals export holds as the deal's stage.
    "deal_stages": KindSpec("deal_stages", deal_stages, (
        Field("id", required=True), Field("pipeline_id"), Field("label", required=True),
        Field("outcome", "enum", True, tuple(o.value for o in Outcome)), Field("probability"),
    )),
}
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {
    "deal_companies": frozenset({"id", "role"}),
    "deal_stages": frozenset({"outcome"}),
}
