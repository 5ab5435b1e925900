"""Stripe exports as revenue periods: the Dashboard's invoice export and its subscription export.

A paid invoice is the revenue of its service period (Period Start/End, UTC); its interval is read from the
period's length. An invoice that is not paid (draft, open, void, uncollectible) is not revenue: it lands as
deleted, so a voided invoice leaves the figures it was in. A subscription (a row with an Interval) is Amount ×
Quantity per Interval from its Start until it Ended At; one still trialing or never completed is not revenue yet.
"""

from __future__ import annotations

import polars as pl

from partnerops.ingest.options import ImportOptions

# Which interval a service period of this many days is (calendar months run 28-31 days, quarters 89-92).
_INTERVAL_DAYS = (("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366))
PAID = "paid"
# Subscription statuses that are no revenue yet: they land as deleted and come back when they turn active.
NOT_YET = ("trialing", "incomplete", "incomplete_expired")

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "revenue": {
        "id": ("id", "Invoice ID"),
        # A customer metadata column naming the CRM account wins over Stripe's own customer id.
        "account_id": ("account_id (metadata)", "Customer", "Customer ID"),
        "subscription": ("Subscription", "Subscription ID"),
        "starts_on": ("Period Start (UTC)", "Period Start", "Start (UTC)", "Start Date (UTC)"),
        "ends_on": ("Period End (UTC)", "Period End", "Ended At (UTC)"),
        "amount": ("Amount Paid", "Amount"),
        "currency": ("Currency",),
        "interval": ("Interval",),
        "unit_count": ("Quantity",),
        "product": ("Product", "Plan"),
        "is_deleted": ("Status",),
    },
}


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    """The currency from --currency where the file has none; per invoice its interval from the service period and
    deleted unless paid; per subscription its amount times its quantity, its interval in lower case, its own id
    as the subscription, and deleted while not yet revenue (the shared step reads `is_deleted` as a flag)."""
    from partnerops.ingest.formats import with_derive_error

    if kind != "revenue":
        return frame
    subscription = pl.col("interval").is_not_null()
    frame = frame.with_columns(pl.coalesce(pl.col("currency"), pl.lit(options.currency, pl.String)).alias("currency"))
    if "is_deleted" in frame.columns:
        status = pl.col("is_deleted").str.strip_chars().str.to_lowercase()
        gone = pl.when(subscription).then(status.is_in(NOT_YET)).otherwise(status != PAID)
        frame = frame.with_columns(pl.when(status.is_null()).then(None).otherwise(gone).cast(pl.String)
                                   .alias("is_deleted"))
    days = (_day(pl.col("ends_on")) - _day(pl.col("starts_on"))).dt.total_days()
    # An invoice whose service period is no interval (read before the interval column is filled in).
    odd = ~subscription & _interval(days).is_null() & days.is_not_null()
    reason = pl.format("a service period of {} days is neither a month, a quarter nor a year", days)
    frame = with_derive_error(frame, odd, "ends_on", reason, pl.col("ends_on"))
    interval = pl.when(subscription).then(pl.col("interval").str.strip_chars().str.to_lowercase())
    return frame.with_columns(pl.coalesce(interval, _interval(days)).alias("interval"),
                              _times_quantity(subscription).alias("amount"),
                              pl.when(subscription).then(pl.coalesce("subscription", "id"))
                              .otherwise(pl.col("subscription")).alias("subscription"))  # fmt: skip


def _times_quantity(subscription: pl.Expr) -> pl.Expr:
    """A subscription's amount for all its units (Amount is one unit's price); the text as it was where either is
    not a number, so validation names it."""
    if_any = subscription & pl.col("unit_count").is_not_null()
    product = (pl.col("amount").str.strip_chars().cast(pl.Decimal(38, 9), strict=False)
               * pl.col("unit_count").str.strip_chars().cast(pl.Decimal(38, 0), strict=False)).cast(pl.String)
    return pl.when(if_any).then(pl.coalesce(product, pl.col("amount"))).otherwise(pl.col("amount"))


def _interval(days: pl.Expr) -> pl.Expr:
    """month, quarter or year by the days from period start to end; null for another length."""
    interval = pl.lit(None, pl.String)
    for name, shortest, longest in _INTERVAL_DAYS:
        interval = pl.when(days.is_between(shortest, longest)).then(pl.lit(name)).otherwise(interval)
    return interval


def _day(text: pl.Expr) -> pl.Expr:
    """The date part of Stripe's "2026-01-05 00:00" (or an ISO date)."""
    return text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
