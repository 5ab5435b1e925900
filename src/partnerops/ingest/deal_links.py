"""What a HubSpot deal takes from the links imported beside it: its company from the stored associations (when the
deals file has no company column) and its outcome from the stored pipeline stages (when its stage is a stage id)."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, select

from partnerops.ingest.outcomes import BY_STAGE_NAME, split_close_date
from partnerops.store.bulk import column_in
from partnerops.store.crm_tables import deal_companies, deal_stages

# Why a deal has no company from its associations (null when it has one).
NO_COMPANY = "__no_company"


def stored_associations(conn: Connection, system: str, deal_ids: list[str]) -> pl.DataFrame:
    """[deal_id, company_id, role] of the stored associations of `deal_ids`, in the order they were imported."""
    table = deal_companies
    query = select(table.c.deal_id, table.c.company_id, table.c.role).where(
        table.c.source_system == system, column_in(conn, table.c.deal_id, deal_ids)).order_by(table.c.id)
    schema = {"deal_id": pl.String, "company_id": pl.String, "role": pl.String}
    return pl.DataFrame(conn.execute(query).all() if deal_ids else [], schema=schema, orient="row")


def _chosen_companies(links: pl.DataFrame) -> pl.DataFrame:
    """Per deal: its first primary company; else its only company; else none, with the candidates named."""
    primary = pl.col("company_id").filter(pl.col("role") == "primary").first()
    companies = pl.col("company_id").unique(maintain_order=True)
    return links.group_by("deal_id").agg(primary.alias("__primary"), companies.alias("__companies")).select(
        "deal_id",
        pl.coalesce("__primary", pl.when(pl.col("__companies").list.len() == 1)
                    .then(pl.col("__companies").list.first())).alias("__company"),
        pl.col("__companies").list.join(", ").alias("__candidates"),
    )


def company_from_associations(conn: Connection, frame: pl.DataFrame, system: str) -> pl.DataFrame:
    """Fill account_id from the stored associations of each deal; NO_COMPANY says why a deal has none."""
    wanted = frame.filter(pl.col("account_id").is_null()).get_column("id").drop_nulls().unique().to_list()
    chosen = _chosen_companies(stored_associations(conn, system, wanted))
    found = frame.join(chosen, left_on="id", right_on="deal_id", how="left", maintain_order="left")
    none = (f"deal '{{}}' has no company: no association of it is imported from source system '{system}' "
            "(import them first with `partnerops import deal_companies FILE --format hubspot`)")
    several = "deal '{}' is associated with companies {} and none is primary; export the primary association"
    reason = pl.when(pl.col("__candidates").is_null()).then(pl.format(none, pl.col("id"))) \
        .otherwise(pl.format(several, pl.col("id"), pl.col("__candidates")))
    missing = pl.col("account_id").is_null() & pl.col("__company").is_null() & pl.col("id").is_not_null()
    return found.with_columns(
        pl.coalesce("account_id", "__company").alias("account_id"),
        pl.when(missing).then(reason).alias(NO_COMPANY),
    ).drop("__company", "__candidates")


def stored_stages(conn: Connection, system: str, stage_ids: list[str]) -> pl.DataFrame:
    """[stage, label, outcome] of the stored pipeline stages among `stage_ids`."""
    table = deal_stages
    query = select(table.c.external_id, table.c.label, table.c.outcome).where(
        table.c.source_system == system, column_in(conn, table.c.external_id, stage_ids))
    schema = {"stage": pl.String, "__label": pl.String, "__outcome": pl.String}
    return pl.DataFrame(conn.execute(query).all() if stage_ids else [], schema=schema, orient="row")


def outcome_from_stored_stages(conn: Connection, frame: pl.DataFrame, system: str) -> pl.DataFrame:
    """A deal whose outcome only its stage name decided, and whose stage is a stored stage id, takes that stage's
    outcome and label; any other stage keeps the name rule (an unknown id is open and stays as written)."""
    if BY_STAGE_NAME not in frame.columns:
        return frame
    asked = frame.filter(pl.col(BY_STAGE_NAME)).get_column("stage").drop_nulls().unique().to_list()
    stages = stored_stages(conn, system, asked)
    if stages.height == 0:
        return frame
    known = pl.col(BY_STAGE_NAME) & pl.col("__outcome").is_not_null()
    frame = frame.join(stages, on="stage", how="left", maintain_order="left").with_columns(
        pl.when(known).then(pl.col("__outcome")).otherwise(pl.col("outcome")).alias("outcome"),
        pl.when(known).then(pl.col("__label")).otherwise(pl.col("stage")).alias("stage"),
    ).drop("__label", "__outcome")
    return split_close_date(frame)
