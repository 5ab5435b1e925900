"""HubSpot exports: deals and companies with their UI labels or as API extracts and ELT tools write them (the
CRM v3 property names, prefixed `property_` or `properties_`), deal-company associations and pipeline stages.
Import companies, pipeline stages and associations (in any order) before the deals that need them. A deal's
currency comes from a column or an explicit --currency, never assumed."""

from __future__ import annotations

import polars as pl

from partnerops.ingest import history_columns
from partnerops.ingest.options import ImportOptions


def prop(name: str) -> tuple[str, ...]:
    """A CRM property as extracts name it: property_dealname (Fivetran, Stitch-style flattening),
    properties_dealname (Airbyte), properties.dealname (flattened JSON) and dealname (the API's own key)."""
    return f"property_{name}", f"properties_{name}", f"properties.{name}", name


IDS = ("hs_object_id", *prop("hs_object_id"))
DELETED = ("archived", "is_deleted", "_fivetran_deleted")

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "opportunities": {
        "id": ("Record ID", "Deal ID", *IDS, "deal_id", "dealId"), "name": ("Deal Name", *prop("dealname")),
        # The stage id (a label in UI exports); an id resolves through the imported pipeline stages.
        "stage": ("Deal Stage", *prop("dealstage"), "deal_pipeline_stage_id"),
        "amount": ("Amount", *prop("amount")), "close_date": ("Close Date", *prop("closedate")),
        "created_on": ("Create Date", *prop("createdate"), "createdAt", "created_at"),
        # The ids column of newer exports; without one, the company comes from the imported associations
        # (deal_companies) or by the name in "Associated Company" among the imported companies.
        "account_id": ("Associated Company IDs (Primary)", "Associated Company IDs", "Associated Company ID"),
        "account_name": ("Associated Company",),
        "currency": ("Currency", "Deal Currency Code", "Deal currency code", *prop("deal_currency_code")),
        "is_closed": ("Is Closed", *prop("hs_is_closed")), "is_won": ("Is Closed Won", *prop("hs_is_closed_won")),
        "owner": ("Deal owner", *prop("hubspot_owner_id"), "owner_id"),
        "owner_team": ("HubSpot Team", *prop("hubspot_team_id")),
        "deal_type": ("Deal Type", *prop("dealtype")),
        "is_deleted": DELETED,
        # The ids of the deals merged into this one (semicolon-separated): those deals are gone.
        "merged_ids": ("Merged Deal IDs", *prop("hs_merged_object_ids")),
    },
    "accounts": {
        "id": ("Record ID", "Company ID", *IDS, "company_id", "companyId"),
        "name": ("Company name", "Company Name", *prop("name")),
        "domain": ("Company Domain Name", "Website URL", *prop("domain"), *prop("website")),
        "country": ("Country/Region", "Country", *prop("country")),
        "parent_id": ("Parent Company ID", *prop("hs_parent_company_id")),
        "is_deleted": DELETED,
    },
    "partners": {
        "id": ("Record ID", "Company ID", *IDS, "company_id", "companyId"),
        "name": ("Company name", "Company Name", *prop("name")),
        "domain": ("Company Domain Name", "Website URL", *prop("domain"), *prop("website")),
        "owner": ("Company owner", *prop("hubspot_owner_id")),
        "is_deleted": DELETED,
    },
    # The associations API (v4: fromObjectId, toObjectId, associationTypes[].typeId/label) as flattened by
    # extract scripts and ELT tools (Fivetran's deal_company: deal_id, company_id, type_id).
    "deal_companies": {
        "deal_id": ("deal_id", "dealId", "from_id", "fromObjectId", "from_object_id", "Deal ID"),
        "company_id": ("company_id", "companyId", "to_id", "toObjectId", "to_object_id", "Company ID"),
        "type_id": ("type_id", "typeId", "association_type_id", "associationTypeId", "Association Type ID"),
        "label": ("label", "association_label", "Association Label"),
        "is_primary": ("is_primary", "primary"),
    },
    # The pipelines API's stages (id, label, metadata.isClosed, metadata.probability) with their pipeline id,
    # and Fivetran's deal_pipeline_stage (stage_id, deal_pipeline_id, label, probability, closed_won).
    "deal_stages": {
        "id": ("stage_id", "stageId", "Stage ID", "id"),
        "pipeline_id": ("pipeline_id", "pipelineId", "deal_pipeline_id", "Pipeline ID"),
        "label": ("label", "stage_label", "Stage Name", "Stage name"),
        "is_closed": ("metadata.isClosed", "metadata_isClosed", "metadata_is_closed", "isClosed", "is_closed"),
        "probability": ("metadata.probability", "metadata_probability", "probability"),
        "is_won": ("closed_won", "is_closed_won"),
    },
}
COLUMNS |= history_columns.HUBSPOT
# A deals file without a company column (an API extract) finds each deal's company by the deal's own id among
# the imported associations.
STAND_INS: dict[str, dict[str, tuple[str, ...]]] = {"opportunities": {"account_id": ("id",)}}


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    return frame
