"""Which partners share each of our accounts: every partner list at once, one row per account of ours that any
list matched (by a match that counts), with the partners that have it as a customer and as a prospect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, Select, func, select

from partnerops.analytics.live import live_account, live_opportunity, live_partner
from partnerops.ingest.kinds_mapping import PartnerAccountStatus
from partnerops.mapping.overlap import COUNTED, OurStatus
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["SHARED_COLUMNS", "SharedFilter", "shared_accounts"]

SHARED_COLUMNS = ("our_account_id", "our_name", "our_status", "segment", "region", "partner_count",
                  "customer_of", "prospect_of")
PAIR_SCHEMA = {"our_account_id": pl.Int64, "partner_id": pl.Int64, "partner": pl.String, "their_status": pl.String}
OURS_SCHEMA = {"our_account_id": pl.Int64, "our_name": pl.String, "segment": pl.String, "region": pl.String}


@dataclass(frozen=True)
class SharedFilter:
    """`min_partners`: only accounts at least this many partners have; `partner_id`: only accounts this partner
    has (the other partners that share them still shown)."""

    min_partners: int = 1
    segment: str | None = None
    region: str | None = None
    partner_id: int | None = None


def _frame(conn: Connection, query: object, schema: Mapping[str, type[pl.DataType]]) -> pl.DataFrame:
    return pl.DataFrame(conn.execute(query).all(), schema=dict(schema), orient="row")  # type: ignore[call-overload]


def _matched() -> Select[tuple[int]]:
    return select(account_matches.c.account_id).where(account_matches.c.status.in_(COUNTED))


def _pairs(conn: Connection) -> pl.DataFrame:
    """[our_account_id, partner_id, partner, their_status]: one row per partner that has the account (customer
    when any of its list's rows matched to the account says so)."""
    m, p = account_matches.c, partner_accounts.c
    query = (select(m.account_id, m.partner_id, partners.c.name, p.status).distinct()
             .join_from(account_matches, partner_accounts, m.partner_account_id == p.id)
             .join(partners, partners.c.id == m.partner_id)
             .where(m.status.in_(COUNTED), live_partner()))
    found = _frame(conn, query, PAIR_SCHEMA)
    customer = (pl.col("their_status") == PartnerAccountStatus.CUSTOMER.value).any()
    return found.group_by("our_account_id", "partner_id", "partner").agg(
        pl.when(customer).then(pl.lit(PartnerAccountStatus.CUSTOMER.value))
        .otherwise(pl.col("their_status").first()).alias("their_status"))


def _our_statuses(conn: Connection) -> pl.DataFrame:
    o = opportunities.c
    deals = _frame(conn, select(o.account_id, o.outcome, func.count()).where(
        o.account_id.in_(_matched()), live_opportunity()).group_by(o.account_id, o.outcome),
        {"our_account_id": pl.Int64, "outcome": pl.String, "n": pl.Int64})
    rank = pl.col("outcome").replace_strict({"won": 3, "open": 2}, default=1, return_dtype=pl.Int8).max()
    status = rank.replace_strict({3: OurStatus.CUSTOMER.value, 2: OurStatus.OPEN_OPPORTUNITY.value},
                                 default=OurStatus.PROSPECT.value, return_dtype=pl.String)
    return deals.group_by("our_account_id").agg(status.alias("our_status"))


def _names(status: PartnerAccountStatus | None) -> pl.Expr:
    chosen = pl.col("their_status") == status.value if status else (
        pl.col("their_status") != PartnerAccountStatus.CUSTOMER.value)
    return pl.col("partner").filter(chosen).sort()


def shared_accounts(conn: Connection, where: SharedFilter | None = None) -> pl.DataFrame:
    """SHARED_COLUMNS, the accounts most partners share first; `customer_of` and `prospect_of` are sorted lists
    of partner names (a prospect or an open opportunity of theirs is a prospect here)."""
    where = where or SharedFilter()
    pairs = _pairs(conn)
    if where.partner_id is not None:
        own = pairs.filter(pl.col("partner_id") == where.partner_id).get_column("our_account_id")
        pairs = pairs.filter(pl.col("our_account_id").is_in(own.implode()))
    grouped = pairs.group_by("our_account_id").agg(pl.len().cast(pl.Int64).alias("partner_count"),
                                                   _names(PartnerAccountStatus.CUSTOMER).alias("customer_of"),
                                                   _names(None).alias("prospect_of"))
    a = accounts.c
    ours = _frame(conn, select(a.id, a.name, a.segment, a.region).where(a.id.in_(_matched()), live_account()),
                  OURS_SCHEMA)
    rows = grouped.join(ours, on="our_account_id").join(_our_statuses(conn), on="our_account_id", how="left")
    rows = rows.with_columns(pl.col("our_status").fill_null(OurStatus.NO_OPPORTUNITY.value))
    rows = rows.filter(pl.col("partner_count") >= where.min_partners)
    for column, wanted in (("segment", where.segment), ("region", where.region)):
        if wanted:
            rows = rows.filter(pl.col(column).str.to_lowercase() == wanted.lower())
    return rows.select(SHARED_COLUMNS).sort(["partner_count", "our_name"], descending=[True, False])
