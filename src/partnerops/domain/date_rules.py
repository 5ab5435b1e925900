"""The days a person may type on any form: a close date, a campaign's start, a touch. Outside them the value is
a typing slip (year 20265, 0001-01-01), and it would skew every window and report it joins."""

from __future__ import annotations

from datetime import date

from partnerops.domain.input_errors import InvalidValue

__all__ = ["EARLIEST_DAY", "LATEST_DAY", "checked_day"]

EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def checked_day(day: date, field: str) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidValue(field, day.isoformat(), f"is outside {EARLIEST_DAY.year}..{LATEST_DAY.year}")
    return day
