"""Salesforce exports (Data Loader or Bulk API CSV, report CSV, or an ELT tool's snake_case tables): API names,
report labels or snake_case names, IsClosed/IsWon, IsDeleted, and OpportunityPartner rows, whose Role becomes a
touch type through a configurable map."""

from __future__ import annotations

import re

import polars as pl

from partnerops.ingest import history_columns
from partnerops.ingest.flags import truth
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.outcomes import stage_key

# API names first, then report labels. Each API name is also read as ELT tools write it (see `_with_snake_case`).
API_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "opportunities": {
        "id": ("Id", "Opportunity ID"), "account_id": ("AccountId", "Account ID"),
        "name": ("Name", "Opportunity Name"), "amount": ("Amount",),
        "currency": ("CurrencyIsoCode", "Opportunity Currency"), "stage": ("StageName", "Stage"),
        "created_on": ("CreatedDate", "Created Date"), "close_date": ("CloseDate", "Close Date"),
        "is_closed": ("IsClosed", "Closed"), "is_won": ("IsWon", "Won"),
        "lead_source": ("LeadSource", "Lead Source"),
        # The owner's name when the export joins it, else the user id.
        "owner": ("Owner.Name", "Opportunity Owner", "OwnerId", "Owner ID"),
        "owner_team": ("Owner.UserRole.Name", "Owner Role"), "deal_type": ("Type",),
        "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
    "accounts": {
        "id": ("Id", "Account ID"), "name": ("Name", "Account Name"), "domain": ("Website",),
        "country": ("BillingCountry", "Billing Country"), "segment": ("Segment__c",),
        "region": ("Region__c",), "parent_id": ("ParentId", "Parent Account ID"),
        "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
    "partners": {
        "id": ("Id", "Account ID"), "name": ("Name", "Account Name"), "domain": ("Website",),
        "type": ("Partner_Type__c",), "tier": ("Partner_Tier__c", "Tier__c"),
        "stage": ("Partner_Stage__c",), "owner": ("Owner.Name", "Account Owner", "OwnerId"),
        "joined_on": ("Partner_Since__c",), "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
    "touches": {
        "id": ("Id",), "opportunity_id": ("OpportunityId",), "partner_id": ("AccountToId",),
        "type": ("Role",), "touched_on": ("CreatedDate",), "is_primary": ("IsPrimary",),
        "actor": ("CreatedBy.Name", "CreatedById"), "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
}


def snake_case(api_name: str) -> str | None:
    """An API name as Fivetran-style ELT tables name it: StageName -> stage_name, Segment__c -> segment_c.
    None for a relationship path or a report label (Owner.Name, Close Date)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", api_name):
        return None
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", api_name).lower().replace("__c", "_c")


def _with_snake_case(columns: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, tuple[str, ...]]]:
    def names(headers: tuple[str, ...]) -> tuple[str, ...]:
        found = [name for header in headers for name in (header, snake_case(header)) if name]
        return tuple(dict.fromkeys(found))

    return {kind: {field: names(headers) for field, headers in fields.items()} for kind, fields in columns.items()}


COLUMNS = _with_snake_case(API_COLUMNS) | history_columns.SALESFORCE

# OpportunityPartner roles (Salesforce's default picklist plus common custom ones) and the touch each
# records; a role not listed here, nor in the mapping file's `roles:`, is quarantined, never guessed.
DEFAULT_ROLES: dict[str, str] = {
    "referral": "referral", "referrer": "referral", "varreseller": "deal_registration",
    "reseller": "deal_registration", "distributor": "deal_registration",
    "systemintegrator": "implementation", "consultant": "verbal_recommendation",
    "influencer": "verbal_recommendation", "advisor": "verbal_recommendation",
    "developer": "integration", "technologypartner": "integration", "isv": "integration",
    "marketplace": "marketplace_transaction",
}


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    if kind == "touches":
        return _touch_from_role(frame, options.roles)
    return frame


def _touch_from_role(frame: pl.DataFrame, roles: dict[str, str]) -> pl.DataFrame:
    table = DEFAULT_ROLES | {stage_key(k): v for k, v in roles.items()}
    role = pl.col("type")
    mapped = role.str.to_lowercase().str.replace_all(r"[^0-9a-z]", "").replace_strict(table, default=None)
    unknown = role.is_not_null() & mapped.is_null()
    primary = truth(pl.col("is_primary")).fill_null(False)
    evidence = pl.format("Salesforce OpportunityPartner role {}", role)
    evidence = pl.when(primary).then(pl.format("{} (primary)", evidence)).otherwise(evidence)
    return frame.with_columns(
        mapped.alias("type"),
        pl.coalesce(pl.col("evidence"), evidence).alias("evidence"),
        pl.when(unknown).then(pl.lit("type")).alias("__derive_field"),
        pl.when(unknown).then(pl.format(
            "unknown OpportunityPartner role '{}': add it under `roles:` in the --mapping file", role,
        )).alias("__derive_reason"),
        pl.when(unknown).then(role).alias("__derive_value"),
    )
