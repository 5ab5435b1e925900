"""A deal's company found by name when its export has no company-id column (HubSpot's "Associated
Company"): an exact match after case and space normalisation among the companies of the same source
system, or a row error naming the value (and the candidates when several match). Never fuzzy."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection

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
    """Fill account_id from account_name when no id column was mapped; a name matching no company or
    several sets the `__derive_*` error columns."""
    if FIELD in columns or NAME not in columns:
        return frame
    found = frame.with_columns(_folded(pl.col(NAME)).alias("__folded")).join(
        company_names(conn, system), on="__folded", how="left", maintain_order="left")
    matches = pl.col("__id").list.len().fill_null(0)
    return found.with_columns(
        pl.when(matches == 1).then(pl.col("__id").list.first()).alias(FIELD),
        *_errors(matches, system),
    ).drop("__folded", "__id")


def _errors(matches: pl.Expr, system: str) -> list[pl.Expr]:
    name = pl.col(NAME)
    none = f"no company named '{{}}' among the companies imported from source system '{system}'; import " \
           "the companies first, or export the deals with Associated Company IDs"
    several = f"company name '{{}}' matches {{}} companies from source system '{system}' (ids {{}}); " \
              "export the deals with Associated Company IDs to tell them apart"
    reason = pl.when(matches == 0).then(pl.format(none, name)).otherwise(pl.format(
        several, name, matches, pl.col("__id").list.join(", ")))
    bad = name.is_not_null() & (matches != 1)
    return [pl.when(bad).then(pl.lit(NAME)).alias("__derive_field"),
            pl.when(bad).then(reason).alias("__derive_reason"),
            pl.when(bad).then(name).alias("__derive_value")]
