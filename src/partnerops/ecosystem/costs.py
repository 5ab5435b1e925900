"""What the program spent per partner in a window, in the reporting currency at the rate valid on the report's
day: commissions paid (items of payout batches paid in the window), MDF spent (claims reimbursed in the window)
and the other costs imported (incurred in the window)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import polars as pl
from sqlalchemy import Connection, Select, func, select

from partnerops.analytics.currency import convert
from partnerops.analytics.frames import read_frame
from partnerops.commissions.payouts import BatchStatus
from partnerops.program.mdf_model import ClaimStatus
from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from partnerops.store.ecosystem_tables import program_costs
from partnerops.store.program_tables import mdf_claims

COST_KINDS = ("commissions", "mdf", "other")


def partner_costs(conn: Connection, rates: pl.DataFrame, currency: str, window: tuple[date, date]) -> pl.DataFrame:
    """partner_id, commissions_minor, mdf_minor, other_minor for every partner with a cost in the window (the
    window's first day is excluded, its last included, as ARR steps are)."""
    parts = [read_frame(conn, query).with_columns(kind=pl.lit(kind))
             for kind, query in zip(COST_KINDS, _queries(window), strict=True)]  # fmt: skip
    spent = pl.concat(parts).with_columns(rate_on=pl.lit(window[1]))
    converted = convert(spent, rates, currency).with_columns(pl.col("value_minor").cast(pl.Int64))
    totals = converted.group_by("partner_id").agg(
        *[pl.col("value_minor").filter(pl.col("kind") == kind).sum().alias(f"{kind}_minor") for kind in COST_KINDS])
    return totals.sort("partner_id")


def _queries(window: tuple[date, date]) -> tuple[Select[tuple[int, str, int]], ...]:
    after, until = _moment(window[0]), _moment(window[1])
    items, batches, claims, other = (commission_payout_items.c, commission_payout_batches.c, mdf_claims.c,
                                     program_costs.c)  # fmt: skip
    paid = (select(items.partner_id, items.currency, func.sum(items.amount_minor).label("amount_minor"))
            .join_from(commission_payout_items, commission_payout_batches, batches.id == items.batch_id)
            .where(batches.status == BatchStatus.PAID.value, batches.paid_at >= after, batches.paid_at < until)
            .group_by(items.partner_id, items.currency))  # fmt: skip
    mdf = (select(claims.partner_id, claims.currency, func.sum(claims.amount_minor).label("amount_minor"))
           .where(claims.status == ClaimStatus.REIMBURSED.value, claims.reimbursed_at >= after,
                  claims.reimbursed_at < until).group_by(claims.partner_id, claims.currency))  # fmt: skip
    costs = (select(other.partner_id, other.currency, func.sum(other.amount_minor).label("amount_minor"))
             .where(other.deleted_at.is_(None), other.incurred_on > window[0], other.incurred_on <= window[1])
             .group_by(other.partner_id, other.currency))  # fmt: skip
    return paid, mdf, costs


def _moment(day: date) -> datetime:
    """The first instant after `day` ends, UTC: a cost on the window's last day counts, one on its first not."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
