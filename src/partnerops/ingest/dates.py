"""Dates from text: ISO dates, ISO/Salesforce timestamps (taken as their UTC date), day/month dates
when unambiguous, and anything else through an explicit --date-format."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import Check, failing, first_error

# 2026-03-02T10:15:00.000+0000, 2026-03-02 10:15:00Z, 2026-03-02T10:15 (no offset: its own date).
TIMESTAMP = r"^(?<day>\d{4}-\d{2}-\d{2})[T ](?<clock>\d{2}:\d{2})(:\d{2})?(\.\d+)?\s*(?<offset>Z|[+-]\d{2}:?\d{2})?$"
DAY_MONTH = r"^(?<first>\d{1,2})[/.](?<second>\d{1,2})[/.](?<year>\d{4})(\s.*)?$"


def _timestamp_date(parts: pl.Expr) -> pl.Expr:
    day = parts.struct.field("day")
    clock = parts.struct.field("clock")
    offset = parts.struct.field("offset").str.replace("Z", "+00:00").str.replace(":", "")
    local = pl.concat_str([day, clock], separator=" ").str.to_datetime("%Y-%m-%d %H:%M", strict=False)
    sign = pl.when(offset.str.starts_with("-")).then(-1).otherwise(1)
    minutes = offset.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
    minutes = sign * (minutes + offset.str.slice(3, 2).cast(pl.Int64, strict=False))
    utc = local - pl.duration(minutes=minutes.fill_null(0))
    return utc.dt.date()


def _day_month(parts: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The date when the order of day and month is certain, and whether it is not."""
    first = parts.struct.field("first").cast(pl.Int64, strict=False)
    second = parts.struct.field("second").cast(pl.Int64, strict=False)
    year = parts.struct.field("year")
    day_first = first > 12
    month_first = (second > 12) | (first == second)
    day = pl.when(day_first).then(first).when(month_first).then(second)
    month = pl.when(day_first).then(second).when(month_first).then(first)
    iso = pl.format("{}-{}-{}", year, month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2))
    ambiguous = first.is_not_null() & ~day_first & ~month_first
    return iso.str.to_date("%Y-%m-%d", strict=False), ambiguous


def date_check(name: str, date_format: str | None) -> Check:
    text, stamp_parts, day_month_parts = pl.col(name), pl.col(f"{name}__stamp"), pl.col(f"{name}__dm")
    iso = text.str.to_date("%Y-%m-%d", strict=False)
    # Only texts that are not ISO dates go through the regular expressions (Polars skips the nulls).
    rest = pl.when(iso.is_null()).then(text)
    prepare = (rest.str.extract_groups(TIMESTAMP).alias(f"{name}__stamp"),
               rest.str.extract_groups(DAY_MONTH).alias(f"{name}__dm"))
    stamped = _timestamp_date(stamp_parts)
    candidates = [iso, stamped]
    ambiguous = pl.lit(False)
    if date_format:
        given = pl.coalesce(text.str.to_date(date_format, strict=False),
                            text.str.to_datetime(date_format, strict=False).dt.date())
        candidates.insert(0, given)
    else:
        day_month, ambiguous = _day_month(day_month_parts)
        candidates.append(day_month)
    value = pl.coalesce(candidates)
    hint = f" (expected {date_format})" if date_format else " (expected YYYY-MM-DD, or pass --date-format)"
    errors = [
        failing(ambiguous, pl.format(
            "ambiguous date '{}': day and month could be either way round; pass --date-format "
            "%d/%m/%Y or --date-format %m/%d/%Y", text)),
        failing(text.is_not_null() & value.is_null(), pl.format("'{}' is not a date" + hint, text)),
    ]
    return Check(pl.when(~ambiguous).then(value), first_error(errors), prepare)
