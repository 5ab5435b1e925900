"""A deal's company and stage found among the stored records of its source system before it is validated: the
outcome of a HubSpot stage id from the imported pipeline stages; the company, when the export has no company-id
column, from the imported associations, else by the name in HubSpot's "Associated Company": an exact match after
case and space normalisation, or a row error naming the value (and the candidates when several match). Never fuzzy."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.deal_links import NO_COMPANY, company_from_associations, outcome_from_stored_stages
from partnerops.ingest.formats import with_derive_error
from partnerops.store.tables import accounts
from partnerops.store.upsert import names_by_id

NAME, FIELD = "account_name", "account_id"


def _folded(name: pl.Expr) -> pl.Expr:
    return name.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def company_names(conn: Connection, system: str) -> pl.DataFrame:
    """Folded company name -> the external ids of the stored companies of `system` with that name."""
    stored = names_by_id(conn, accounts, system)
    return stored.group_by(_folded(pl.col("name")).alias("__folded")).agg(pl.col("external_id").sort().alias("__id"))


def resolve_company_names(conn: Connection, frame: pl.DataFrame, system: str,
                          columns: dict[str, str]) -> pl.DataFrame:
    """For a deals frame: its outcome from stored stages; then, when no company-id column was mapped, its
    account_id from the stored associations or its account_name. A deal left without a company gets a
    `__derive_*` error saying why."""
    if not {"stage", "outcome", FIELD} <= set(frame.columns):
        return frame
    frame = outcome_from_stored_stages(conn, frame, system)
    if FIELD in columns:
        return frame
    frame = company_from_associations(conn, frame, system)
    if NAME in columns:
        frame = _by_name(conn, frame, system)
    no_company = pl.col(FIELD).is_null() & pl.col(NO_COMPANY).is_not_null()
    if NAME in frame.columns:
        no_company = no_company & pl.col(NAME).is_null()
    return with_derive_error(frame, no_company, FIELD, pl.col(NO_COMPANY), pl.col("id")).drop(NO_COMPANY)


def _by_name(conn: Connection, frame: pl.DataFrame, system: str) -> pl.DataFrame:
    """account_id from account_name for the deals still without one."""
    found = frame.with_columns(_folded(pl.col(NAME)).alias("__folded")).join(
        company_names(conn, system), on="__folded", how="left", maintain_order="left")
    matches = pl.col("__id").list.len().fill_null(0)
    asked = pl.col(FIELD).is_null() & pl.col(NAME).is_not_null()
    found = found.with_columns(
        pl.when(asked & (matches == 1)).then(pl.col("__id").list.first()).otherwise(pl.col(FIELD)).alias(FIELD))
    return with_derive_error(found, asked & (matches != 1), NAME, _reason(matches, system),
                             pl.col(NAME)).drop("__folded", "__id")


def _reason(matches: pl.Expr, system: str) -> pl.Expr:
    name = pl.col(NAME)
    none = f"no company named '{{}}' among the companies imported from source system '{system}'; import " \
           "the companies first, or export the deals with Associated Company IDs"
    several = f"company name '{{}}' matches {{}} companies from source system '{system}' (ids {{}}); " \
              "export the deals with Associated Company IDs to tell them apart"
    return pl.when(matches == 0).then(pl.format(none, name)).otherwise(pl.format(
        several, name, matches, pl.col("__id").list.join(", ")))
