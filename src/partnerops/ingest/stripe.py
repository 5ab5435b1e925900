"""Stripe exports: the Dashboard's invoice export as revenue periods. A paid invoice is the revenue of its
service period (Period Start/End, UTC); its interval is read from the period's length. An invoice that is not
paid (draft, open, void, uncollectible) is not revenue: it lands as deleted, so a voided invoice leaves the
figures it was in."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.options import ImportOptions

# Which interval a service period of this many days is (calendar months run 28-31 days, quarters 89-92).
_INTERVAL_DAYS = (("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366))
PAID = "paid"

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "revenue": {
        "id": ("id", "Invoice ID"),
        # A customer metadata column naming the CRM account wins over Stripe's own customer id.
        "account_id": ("account_id (metadata)", "Customer", "Customer ID"),
        "subscription": ("Subscription", "Subscription ID"),
        "starts_on": ("Period Start (UTC)", "Period Start"),
        "ends_on": ("Period End (UTC)", "Period End"),
        "amount": ("Amount Paid",),
        "currency": ("Currency",),
        "is_deleted": ("Status",),
    },
}


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    """The interval from the service period, the currency from --currency where the file has none, and every
    invoice that is not paid marked deleted (the shared step reads `is_deleted` as a flag)."""
    from partnerops.ingest.formats import with_derive_error

    if kind != "revenue":
        return frame
    frame = frame.with_columns(pl.coalesce(pl.col("currency"), pl.lit(options.currency, pl.String)).alias("currency"))
    if "is_deleted" in frame.columns:
        status = pl.col("is_deleted").str.strip_chars().str.to_lowercase()
        frame = frame.with_columns(pl.when(status.is_null()).then(None).otherwise(status != PAID).cast(pl.String)
                                   .alias("is_deleted"))
    days = (_day(pl.col("ends_on")) - _day(pl.col("starts_on"))).dt.total_days()
    frame = frame.with_columns(_interval(days).alias("interval"))
    odd = pl.col("interval").is_null() & days.is_not_null()
    reason = pl.format("a service period of {} days is neither a month, a quarter nor a year", days)
    return with_derive_error(frame, odd, "ends_on", reason, pl.col("ends_on"))


def _interval(days: pl.Expr) -> pl.Expr:
    """month, quarter or year by the days from period start to end; null for another length."""
    interval = pl.lit(None, pl.String)
    for name, shortest, longest in _INTERVAL_DAYS:
        interval = pl.when(days.is_between(shortest, longest)).then(pl.lit(name)).otherwise(interval)
    return interval


def _day(text: pl.Expr) -> pl.Expr:
    """The date part of Stripe's "2026-01-05 00:00" (or an ISO date)."""
    return text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
