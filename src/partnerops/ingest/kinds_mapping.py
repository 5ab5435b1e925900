"""The record kinds the mapping features import (merged into `partnerops.ingest.kinds.KINDS`).

A partner's account list is imported with the "partner_list" format: each row gets the partner named by
the import's options and, when the list carries no account id, a stable hash of its name and domain.
"""

from __future__ import annotations

from enum import StrEnum

import duckdb
import polars as pl

from partnerops.ingest.formats import FORMATS, Format
from partnerops.ingest.kinds import Field, KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.store.mapping_tables import partner_accounts

__all__ = ["DERIVABLE", "KINDS", "LIST_FORMAT", "LIST_OWNER", "PartnerAccountStatus", "list_options"]

LIST_FORMAT = "partner_list"
# The `refs` entry naming whose list a file is: the partner's external id (its source system is refs["partner"]).
LIST_OWNER = "list_owner"


class PartnerAccountStatus(StrEnum):
    """The partner's relationship with an account on its list."""

    CUSTOMER = "customer"
    PROSPECT = "prospect"
    OPEN_OPPORTUNITY = "open_opportunity"


KINDS: dict[str, KindSpec] = {
    "partner_accounts": KindSpec("partner_accounts", partner_accounts, (
        Field("id"), Field("partner_id", "ref", True, ref="partners"), Field("name", required=True),
        Field("domain", "domain"),
        Field("status", "enum", True, tuple(s.value for s in PartnerAccountStatus)),
        Field("owner"), Field("region"), Field("segment"), Field("aliases"),
    )),
}
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {"partner_accounts": frozenset({"id", "partner_id"})}


def list_options(partner_system: str, partner_external_id: str, partner_db_id: int, actor: str,
                 columns: dict[str, str] | None = None) -> ImportOptions:
    """Options importing one partner's list: keyed under the source system "partner-<id>"; `columns` names the
    file's header for a field (as `--map` and `--mapping` do for every import)."""
    return ImportOptions(source_system=f"partner-{partner_db_id}", actor=actor, columns=dict(columns or {}),
                         refs={"partner": partner_system, LIST_OWNER: partner_external_id})


def account_hash(frame: pl.DataFrame) -> pl.Series:
    """md5 of the folded name and domain: the same account gets the same key in every run (DuckDB's md5,
    because Polars' own hash is not stable across versions)."""
    name = pl.col("name").fill_null("").str.to_lowercase().str.replace_all(r"\s+", " ")
    domain = pl.col("domain").fill_null("").str.to_lowercase()
    texts = frame.select(pl.concat_str([name, domain], separator="\x1f").alias("text"))
    with duckdb.connect() as db:
        db.register("texts", texts)
        hashed = db.sql("select 'h-' || md5(text) as h from texts").pl()
    return hashed.get_column("h")


def _derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    if kind != "partner_accounts":
        return frame
    # The options name the partner, never the file: a list cannot put its rows on another partner.
    owner = pl.lit(options.refs.get(LIST_OWNER), pl.String)
    return frame.with_columns(owner.alias("partner_id"),
                              pl.coalesce(pl.col("id"), account_hash(frame)).alias("id"))


# A partner's list reads like a generic export (the canonical headers); only the derivation above differs.
FORMATS.setdefault(LIST_FORMAT, Format(LIST_FORMAT, {}, _derive))
