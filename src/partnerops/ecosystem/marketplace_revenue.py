"""Revenue billed through the cloud marketplaces in the report's window, per marketplace and offer type (public,
private, channel private): charges less refunds, the marketplace's fees and what it has disbursed, converted at
the rate valid on the report's day (constant currency, as ARR is)."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.currency import convert
from partnerops.analytics.frames import read_frame
from partnerops.domain.money import Money
from partnerops.ecosystem.model import MarketplaceRevenue
from partnerops.store.marketplace_tables import marketplace_transactions

REFUND = "refund"


def marketplace_revenue(conn: Connection, rates: pl.DataFrame, currency: str,
                        window: tuple[date, date]) -> tuple[MarketplaceRevenue, ...]:
    """One line per marketplace and offer type with a live transaction in the window (its first day excluded,
    its last included, as ARR steps and costs are)."""
    t = marketplace_transactions.c
    query = select(t.marketplace, t.offer_type, t.entry, t.amount_minor, t.fee, t.currency, t.disbursed_on).where(
        t.deleted_at.is_(None), t.transacted_on > window[0], t.transacted_on <= window[1])
    rows = read_frame(conn, query)
    if rows.height == 0:
        return ()
    return summed(signed(rows, rates, currency, window[1]), currency)


def signed(rows: pl.DataFrame, rates: pl.DataFrame, currency: str, as_of: date) -> pl.DataFrame:
    """Each transaction's billed and fee amounts as `value_minor` in `currency`, negative for a refund."""
    sign = pl.when(pl.col("entry") == REFUND).then(-1).otherwise(1)
    paid = pl.col("disbursed_on").is_not_null() & (pl.col("disbursed_on") <= as_of)
    base = rows.with_columns(paid.alias("paid"), pl.lit(as_of).alias("rate_on"), pl.int_range(pl.len()).alias("n"))
    parts = [base.with_columns((pl.col(column).fill_null(0) * sign).alias("amount_minor"), pl.lit(part).alias("part"))
             for part, column in (("billed", "amount_minor"), ("fee", "fee"))]  # fmt: skip
    keep = ("n", "marketplace", "offer_type", "paid", "part", "amount_minor", "currency", "rate_on")
    return convert(pl.concat([p.select(keep) for p in parts]), rates, currency)


def summed(values: pl.DataFrame, currency: str) -> tuple[MarketplaceRevenue, ...]:
    value, billed, fee = pl.col("value_minor"), pl.col("part") == "billed", pl.col("part") == "fee"
    per = values.group_by("marketplace", "offer_type").agg(
        transactions=pl.col("n").n_unique(), billed=value.filter(billed).sum(), fees=value.filter(fee).sum(),
        disbursed=(value.filter(billed & pl.col("paid")).sum() - value.filter(fee & pl.col("paid")).sum()),
    ).sort("marketplace", "offer_type")  # fmt: skip

    def money(minor: object) -> Money:
        return Money.from_minor(int(str(minor)), currency)

    return tuple(MarketplaceRevenue(r["marketplace"], r["offer_type"], r["transactions"], money(r["billed"]),
                                    money(r["fees"]), money(int(r["billed"]) - int(r["fees"])), money(r["disbursed"]))
                 for r in per.iter_rows(named=True))  # fmt: skip
