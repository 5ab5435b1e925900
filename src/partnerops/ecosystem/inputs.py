"""The store's records the ecosystem report reads, as frames: revenue periods as ARR in the reporting currency,
each customer's acquiring deal with its tier and partners, and each customer's first go-live or usage."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import Connection, func, select

from partnerops.analytics.currency import convert
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_account, live_opportunity, live_partner
from partnerops.domain.enums import TIER_RANK, Tier
from partnerops.store.ecosystem_tables import revenue_periods, value_events
from partnerops.store.tables import accounts, attribution_results, opportunities, partners

# ARR from one period's amount: a month's amount 12 times a year, a quarter's 4, a year's once.
PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
SOURCE_OF_TIER = {Tier.SOURCED.value: "partner_sourced", Tier.CO_SELL.value: "partner_attached",
                  Tier.INFLUENCE.value: "partner_attached", Tier.DIRECT.value: "direct"}  # fmt: skip


def revenue_arr(conn: Connection, rates: pl.DataFrame, currency: str, as_of: date) -> pl.DataFrame:
    """Live revenue periods: account_id, starts_on, ends_on, interval, arr_minor (in `currency` at the rate valid
    on `as_of`, so a currency's moves do not read as expansion or contraction)."""
    r, a = revenue_periods.c, accounts.c
    query = (select(r.account_id, r.starts_on, r.ends_on, r.interval, r.amount_minor, r.currency)
             .join_from(revenue_periods, accounts, a.id == r.account_id)
             .where(r.deleted_at.is_(None), live_account()))  # fmt: skip
    frame = read_frame(conn, query)
    converted = convert(frame.with_columns(rate_on=pl.lit(as_of)), rates, currency)
    per_year = pl.col("interval").replace_strict(PER_YEAR, return_dtype=pl.Int64)
    return converted.select("account_id", "starts_on", "ends_on", "interval",
                            arr_minor=pl.col("value_minor").cast(pl.Int64) * per_year)  # fmt: skip


def acquiring_deals(conn: Connection, run_id: int) -> pl.DataFrame:
    """Per customer, its first won live deal (earliest close, then lowest id): account_id, opportunity_id,
    closed_on and tier (the highest of the run's partners on it, direct with none)."""
    o = opportunities.c
    ranked = (select(o.account_id, o.id.label("opportunity_id"), o.closed_on,
                     func.row_number().over(partition_by=o.account_id, order_by=(o.closed_on, o.id)).label("rank"))
              .where(o.outcome == "won", o.closed_on.is_not(None), live_opportunity()).subquery())  # fmt: skip
    deals = read_frame(conn, select(ranked.c.account_id, ranked.c.opportunity_id, ranked.c.closed_on)
                       .where(ranked.c.rank == 1))  # fmt: skip
    tiers = deal_partners(conn, run_id).group_by("opportunity_id").agg(pl.col("rank").max())
    by_rank = {rank: tier.value for tier, rank in TIER_RANK.items()}
    joined = deals.join(tiers, on="opportunity_id", how="left").with_columns(pl.col("rank").fill_null(0))
    return joined.select("account_id", "opportunity_id", "closed_on",
                         tier=pl.col("rank").replace_strict(by_rank, return_dtype=pl.String))  # fmt: skip


def deal_partners(conn: Connection, run_id: int) -> pl.DataFrame:
    """The run's live partners per deal: opportunity_id, partner_id, partner_ref (its external id), partner (its
    name), partner_type, rank."""
    a, p = attribution_results.c, partners.c
    query = (select(a.opportunity_id, a.partner_id, p.external_id.label("partner_ref"), p.name.label("partner"),
                    p.type.label("partner_type"), a.tier)
             .join_from(attribution_results, partners, p.id == a.partner_id)
             .where(a.run_id == run_id, live_partner()))  # fmt: skip
    frame = read_frame(conn, query)
    ranks = {tier.value: rank for tier, rank in TIER_RANK.items()}
    return frame.with_columns(rank=pl.col("tier").replace_strict(ranks, return_dtype=pl.Int64)).drop("tier")


def first_value(conn: Connection) -> pl.DataFrame:
    """Per customer, the day of its first live go-live or first-usage event: account_id, first_value_on."""
    v = value_events.c
    query = (select(v.account_id, func.min(v.occurred_on).label("first_value_on"))
             .join_from(value_events, accounts, accounts.c.id == v.account_id)
             .where(v.deleted_at.is_(None), live_account()).group_by(v.account_id))  # fmt: skip
    return read_frame(conn, query).with_columns(pl.col("first_value_on").cast(pl.Date))
