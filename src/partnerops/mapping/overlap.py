"""The overlap of a partner's accounts with ours: shared customers, co-sell targets, white space and our
customers that are their prospects, with counts, lists and segment/region filters. Our accounts and deals
deleted in the CRM take no part: an account of theirs matched only to a deleted one of ours is white space."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import polars as pl
from sqlalchemy import Connection, Select, func, select

from partnerops.analytics.live import live_account, live_opportunity
from partnerops.ingest.kinds_mapping import PartnerAccountStatus
from partnerops.mapping.matching import MatchStatus
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, opportunities

__all__ = ["OurStatus", "Overlap", "OverlapCategory", "OverlapFilter", "our_statuses", "overlap"]


class OverlapCategory(StrEnum):
    SHARED_CUSTOMERS = "shared_customers"
    CO_SELL_TARGETS = "co_sell_targets"
    WHITE_SPACE = "white_space"
    OUR_CUSTOMERS_THEIR_PROSPECTS = "our_customers_their_prospects"

    @property
    def label(self) -> str:
        """How a person says it: "co-sell targets"."""
        return self.value.replace("_", " ").replace("co sell", "co-sell")


class OurStatus(StrEnum):
    """Our relationship with an account: a won deal makes a customer, an open one an open opportunity, only lost
    ones a prospect we worked; an account with no opportunity at all is one we have never sold to."""

    CUSTOMER = "customer"
    OPEN_OPPORTUNITY = "open_opportunity"
    PROSPECT = "prospect"
    NO_OPPORTUNITY = "no_opportunity"


@dataclass(frozen=True)
class OverlapFilter:
    category: OverlapCategory | None = None
    segment: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Overlap:
    partner_id: int
    counts: dict[OverlapCategory, int]
    rows: pl.DataFrame
    awaiting_review: int


ROW_SCHEMA = {"their_account_id": pl.Int64, "their_name": pl.String, "their_domain": pl.String,
              "their_status": pl.String, "their_segment": pl.String, "their_region": pl.String}
OURS_SCHEMA = {"our_account_id": pl.Int64, "our_name": pl.String, "our_segment": pl.String, "our_region": pl.String}
MATCH_SCHEMA = {"their_account_id": pl.Int64, "our_account_id": pl.Int64, "tier": pl.String, "score": pl.Float64}
COLUMNS = ("category", "their_account_id", "their_name", "their_domain", "their_status", "our_account_id",
           "our_name", "our_status", "segment", "region", "tier", "score")


def _frame(conn: Connection, query: object, schema: Mapping[str, type[pl.DataType]]) -> pl.DataFrame:
    return pl.DataFrame(conn.execute(query).all(), schema=dict(schema), orient="row")  # type: ignore[call-overload]


COUNTED = (MatchStatus.MATCHED.value, MatchStatus.CONFIRMED.value)


def _matched_accounts(partner_id: int) -> Select[tuple[int]]:
    """Our accounts matched to the partner's list (a subquery, so no list of ids travels to the database)."""
    m = account_matches.c
    return select(m.account_id).where(m.partner_id == partner_id, m.status.in_(COUNTED))


def our_statuses(conn: Connection, partner_id: int) -> pl.DataFrame:
    """[our_account_id, our_status] for our accounts matched to the partner's list that have an opportunity:
    customer > open opportunity > prospect (lost deals only)."""
    o = opportunities.c
    deals = _frame(conn, select(o.account_id, o.outcome, func.count())
                   .where(o.account_id.in_(_matched_accounts(partner_id)), live_opportunity())
                   .group_by(o.account_id, o.outcome),
                   {"our_account_id": pl.Int64, "outcome": pl.String, "n": pl.Int64})
    rank = pl.col("outcome").replace_strict({"won": 3, "open": 2}, default=1, return_dtype=pl.Int8)
    best = deals.group_by("our_account_id").agg(rank.max().alias("rank"))
    status = pl.col("rank").replace_strict({3: OurStatus.CUSTOMER.value, 2: OurStatus.OPEN_OPPORTUNITY.value},
                                           default=OurStatus.PROSPECT.value, return_dtype=pl.String)
    return best.select("our_account_id", status.alias("our_status"))


def _best_matches(conn: Connection, partner_id: int) -> pl.DataFrame:
    """One of our accounts per account of theirs: the one we are furthest along with, then the strongest tier."""
    m = account_matches.c
    found = _frame(conn, select(m.partner_account_id, m.account_id, m.tier, m.score).where(
        m.partner_id == partner_id, m.status.in_(COUNTED)), MATCH_SCHEMA)
    ours = _frame(conn, select(accounts.c.id, accounts.c.name, accounts.c.segment, accounts.c.region).where(
        accounts.c.id.in_(_matched_accounts(partner_id)), live_account()), OURS_SCHEMA)
    found = found.join(ours, on="our_account_id").join(our_statuses(conn, partner_id), on="our_account_id",
                                                       how="left")
    found = found.with_columns(pl.col("our_status").fill_null(OurStatus.NO_OPPORTUNITY.value))
    order = pl.col("our_status").replace_strict([s.value for s in OurStatus], list(range(len(OurStatus))),
                                                return_dtype=pl.Int8)
    return found.sort(order, -pl.col("score")).unique("their_account_id", keep="first", maintain_order=True)


def _category(their: pl.Expr, ours: pl.Expr) -> pl.Expr:
    """Their customer and ours: shared; theirs and our open deal or a prospect we worked (lost deals): co-sell
    target; theirs and never an opportunity of ours (an account without one, or none): white space; their
    prospect (or open deal) and our customer."""
    their_customer = their == PartnerAccountStatus.CUSTOMER.value
    our_customer = ours == OurStatus.CUSTOMER.value
    worked = ours.is_in([OurStatus.OPEN_OPPORTUNITY.value, OurStatus.PROSPECT.value])
    return (pl.when(their_customer & our_customer).then(pl.lit(OverlapCategory.SHARED_CUSTOMERS.value))
            .when(their_customer & worked).then(pl.lit(OverlapCategory.CO_SELL_TARGETS.value))
            .when(their_customer).then(pl.lit(OverlapCategory.WHITE_SPACE.value))
            .when(our_customer).then(pl.lit(OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS.value)))


def overlap_rows(conn: Connection, partner_id: int) -> pl.DataFrame:
    """Every account of theirs that falls in a category, with our matched account when there is one."""
    p = partner_accounts.c
    theirs = _frame(conn, select(p.id, p.name, p.domain, p.status, p.segment, p.region).where(
        p.partner_id == partner_id), ROW_SCHEMA)
    joined = theirs.join(_best_matches(conn, partner_id), on="their_account_id", how="left")
    return joined.with_columns(
        _category(pl.col("their_status"), pl.col("our_status")).alias("category"),
        pl.coalesce("our_segment", "their_segment").alias("segment"),
        pl.coalesce("our_region", "their_region").alias("region"),
    ).drop_nulls("category").select(COLUMNS).sort("category", "their_name")


def overlap(conn: Connection, partner_id: int, where: OverlapFilter | None = None) -> Overlap:
    """Counts per category and the rows, after the filter."""
    where = where or OverlapFilter()
    rows = overlap_rows(conn, partner_id)
    if where.segment:
        rows = rows.filter(pl.col("segment").str.to_lowercase() == where.segment.lower())
    if where.region:
        rows = rows.filter(pl.col("region").str.to_lowercase() == where.region.lower())
    counted = dict(rows.group_by("category").len().rows())
    counts = {c: int(counted.get(c.value, 0)) for c in OverlapCategory}
    if where.category:
        rows = rows.filter(pl.col("category") == where.category.value)
    pending = conn.execute(select(func.count()).where(account_matches.c.partner_id == partner_id,
                                                      account_matches.c.status == MatchStatus.PENDING.value))
    return Overlap(partner_id, counts, rows, int(pending.scalar_one()))
