"""Program periods as the program writes them: a year ("2026"), a half ("2026-H2") or a quarter ("2026-Q4")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from partnerops.program.errors import InvalidProgramInput

_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: date
    ends_on: date

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def parse_period(label: str) -> Period:
    """The dates of `label`; an unreadable label names the accepted forms."""
    found = _PATTERN.match(label.strip().upper())
    if found is None:
        raise InvalidProgramInput("period", f"{label!r} is not a period: write 2026, 2026-H2 or 2026-Q4")
    year, part = int(found.group(1)), found.group(2)
    first, months = (1, 12) if part is None else ((int(part[1]) - 1) * 3 + 1, 3) if part[0] == "Q" else (
        (int(part[1]) - 1) * 6 + 1, 6)
    return Period(found.group(0), date(year, first, 1), _month_end(year, first + months - 1))


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def months_before(day: date, months: int) -> date:
    """The day `months` months before `day` (clamped to the month's end), the start of a trailing window."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = _month_end(year, month + 1).day
    return date(year, month + 1, min(day.day, last))
