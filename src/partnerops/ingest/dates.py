"""Dates from text: ISO dates, ISO/Salesforce timestamps and epoch milliseconds (taken as their UTC date),
day/month dates when unambiguous, and anything else through an explicit --date-format."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import Check, failing, first_error

# 2026-03-02T10:15:00.000+0000, 2026-03-02 9:05:00.123+00:00, 2026-03-02T10:15Z, 2026-03-02 10:15:00 UTC,
# 2026-03-02T10:15 (no offset: its own date). The hour may be unpadded, as some ELT tools write it.
TIMESTAMP = (r"^(?<day>\d{4}-\d{2}-\d{2})[T ](?<clock>\d{1,2}:\d{2})(:\d{2})?([.,]\d+)?\s*"
             r"(?<offset>Z|UTC|[+-]\d{2}(:?\d{2})?)?$")
# Milliseconds since 1970 (HubSpot's API writes dates so, at midnight UTC for a date property). Only 13 digits
# count (2001-09-09 to 2286): 8 digits are 20260302 far more often than a second count, so they are not read.
EPOCH_MS = r"^\d{13}$"
# 03/04/2026, 3.4.2026, 13/04/26: the year is checked apart (only four digits are read without a format).
DAY_MONTH = r"^(?<first>\d{1,2})(?<sep>[/.\-])(?<second>\d{1,2})[/.\-](?<year>\d{4}|\d{2})(\s.*)?$"


def _timestamp_date(parts: pl.Expr) -> pl.Expr:
    day = parts.struct.field("day")
    clock = parts.struct.field("clock")
    offset = parts.struct.field("offset").replace({"Z": "+00:00", "UTC": "+00:00"}).str.replace(":", "")
    local = pl.concat_str([day, clock], separator=" ").str.to_datetime("%Y-%m-%d %H:%M", strict=False)
    sign = pl.when(offset.str.starts_with("-")).then(-1).otherwise(1)
    hours = offset.str.slice(1, 2).cast(pl.Int64, strict=False).fill_null(0)
    minutes = sign * (hours * 60 + offset.str.slice(3, 2).cast(pl.Int64, strict=False).fill_null(0))
    utc = local - pl.duration(minutes=minutes)
    return utc.dt.date()


def _epoch_date(text: pl.Expr) -> pl.Expr:
    millis = pl.when(text.str.contains(EPOCH_MS)).then(text.cast(pl.Int64, strict=False))
    return pl.from_epoch(millis, time_unit="ms").dt.date()


def readings(parts: pl.Expr, short_years: bool = False) -> tuple[pl.Expr, pl.Expr]:
    """A day/month text read day first and read month first (each null when it is not a date that way). A
    two-digit year is never read as a date here; `short_years` takes it as 20yy to judge the order alone."""
    first, second, year = (parts.struct.field(n) for n in ("first", "second", "year"))
    if short_years:
        year = pl.when(year.str.len_chars() == 2).then(pl.concat_str(pl.lit("20"), year)).otherwise(year)

    def read(day: pl.Expr, month: pl.Expr) -> pl.Expr:
        iso = pl.format("{}-{}-{}", year, month.str.zfill(2), day.str.zfill(2))
        return pl.when(year.str.len_chars() == 4).then(iso.str.to_date("%Y-%m-%d", strict=False))

    return read(first, second), read(second, first)


def _day_month(parts: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The date when only one order of day and month makes a date (or both give the same), and whether the
    text is a date both ways round."""
    day_first, month_first = readings(parts)
    same = day_first == month_first
    value = pl.when(month_first.is_null() | same).then(day_first).when(day_first.is_null()).then(month_first)
    ambiguous = day_first.is_not_null() & month_first.is_not_null() & ~same
    return value, ambiguous


def iso_date(text: pl.Expr) -> pl.Expr:
    return text.str.to_date("%Y-%m-%d", strict=False)


def iso_only(frame: pl.DataFrame, names: list[str]) -> frozenset[str]:
    """The columns among `names` whose every text in `frame` is an ISO date or blank. Without a --date-format,
    `date_check` reads such a column as `iso_date_check` does (no text is left for its other readings, nor for
    an error), at about five times the cost: a chunk's column either way is far cheaper than asking per row."""
    if not names:
        return frozenset()
    found = frame.select((pl.col(n).is_null() | iso_date(pl.col(n)).is_not_null()).all() for n in names).row(0)
    return frozenset(name for name, plain in zip(names, found, strict=True) if plain)


def iso_date_check(name: str) -> Check:
    """`date_check` of a column that holds ISO dates and blanks only (see `iso_only`)."""
    return Check(iso_date(pl.col(name)), pl.lit(None, pl.String))


def date_check(name: str, date_format: str | None) -> Check:
    text, stamp_parts, day_month_parts = pl.col(name), pl.col(f"{name}__stamp"), pl.col(f"{name}__dm")
    iso = iso_date(text)
    # Only texts that are not ISO dates go through the regular expressions (Polars skips the nulls), so a
    # file of ISO dates pays for one parse.
    rest = pl.when(iso.is_null()).then(text)
    prepare = (rest.str.extract_groups(TIMESTAMP).alias(f"{name}__stamp"),
               rest.str.extract_groups(DAY_MONTH).alias(f"{name}__dm"))
    candidates = [iso, _timestamp_date(stamp_parts), _epoch_date(rest)]
    ambiguous = pl.lit(False)
    if date_format:
        given = pl.coalesce(text.str.to_date(date_format, strict=False),
                            text.str.to_datetime(date_format, strict=False).dt.date())
        candidates.insert(0, given)
    else:
        day_month, ambiguous = _day_month(day_month_parts)
        candidates.append(day_month)
    # The date and whether it is ambiguous, each read once by the value and the error below.
    derive = (pl.coalesce(candidates).alias(f"{name}__date"), ambiguous.alias(f"{name}__ambiguous"))
    value, ambiguous = pl.col(f"{name}__date"), pl.col(f"{name}__ambiguous")
    hint = f" (expected {date_format})" if date_format else " (expected YYYY-MM-DD, or pass --date-format)"
    errors = [
        failing(ambiguous, pl.format(
            "ambiguous date '{}': day and month could be either way round; pass --date-format "
            "%d/%m/%Y or --date-format %m/%d/%Y", text)),
        failing(text.is_not_null() & value.is_null(), pl.format("'{}' is not a date" + hint, text)),
    ]
    return Check(pl.when(~ambiguous).then(value), first_error(errors), prepare, derive)
