"""Statement periods written as a year ("2026"), a quarter ("2026-Q3") or a month ("2026-07")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["InvalidPeriod", "Period", "parse_period"]


class InvalidPeriod(ValueError):
    """A period that is not YYYY, YYYY-Qn or YYYY-MM."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def parse_period(text: str) -> Period:
    label = text.strip().upper()
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", label):
        year, quarter = int(match[1]), int(match[2])
        return Period(label, date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if match := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", label):
        year, month = int(match[1]), int(match[2])
        return Period(label, date(year, month, 1), _month_end(year, month))
    if re.fullmatch(r"\d{4}", label):
        return Period(label, date(int(label), 1, 1), date(int(label), 12, 31))
    raise InvalidPeriod(f"period {text!r} is not a year (2026), a quarter (2026-Q3) or a month (2026-07)")


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)
