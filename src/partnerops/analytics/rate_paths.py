"""Rates into the reporting currency from whatever the rates table holds: direct, inverse, or crossed.

Finance keeps rates in one direction (EUR→USD); a report in EUR still needs USD→EUR and GBP→EUR. A direct
rate wins; else the inverse of the opposite rate; else the cross through one shared currency. Derived
rates are exact Decimal divisions rounded half-even to 18 places. The rates table is small (one row per
currency per day at most), so this walks it in Python; the deals are converted vectorised elsewhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

Series = list[tuple[date, Decimal]]
QUANTUM = Decimal(1).scaleb(-18)


class MissingRate(LookupError):
    """No rate for `currency` into `quote_currency` valid on or before `on`."""

    def __init__(self, currency: str, quote_currency: str, on: date) -> None:
        self.currency, self.quote_currency, self.on = currency, quote_currency, on
        super().__init__(
            f"no {currency} to {quote_currency} rate valid on or before {on.isoformat()}: "
            f"add one to currency_rates (currency={currency}, quote_currency={quote_currency})"
        )


def rate_series(rows: Iterable[tuple[str, str, date, str]]) -> dict[tuple[str, str], Series]:
    """Rows of (currency, quote_currency, valid_on, rate text) as a date-ordered series per pair."""
    series: dict[tuple[str, str], Series] = {}
    for currency, quote, valid_on, rate in rows:
        series.setdefault((currency, quote), []).append((valid_on, Decimal(rate)))
    return {pair: sorted(points) for pair, points in series.items()}


def rates_into(series: dict[tuple[str, str], Series], target: str) -> dict[str, Series]:
    """For every currency the table knows, its series of rates into `target` (when one can be derived)."""
    currencies = sorted({c for pair in series for c in pair} - {target})
    derived: dict[str, Series] = {}
    for currency in currencies:
        path = _direct_or_inverse(series, currency, target) or _crossed(series, currency, target, currencies)
        if path:
            derived[currency] = path
    return derived


def _direct_or_inverse(series: dict[tuple[str, str], Series], currency: str, target: str) -> Series | None:
    if (currency, target) in series:
        return series[(currency, target)]
    if (target, currency) in series:
        return [(day, _rounded(Decimal(1) / rate)) for day, rate in series[(target, currency)] if rate]
    return None


def _crossed(series: dict[tuple[str, str], Series], currency: str, target: str, pivots: list[str]) -> Series | None:
    for pivot in pivots:
        if pivot == currency:
            continue
        leg = _direct_or_inverse(series, currency, pivot)
        back = _direct_or_inverse(series, target, pivot)
        if leg and back:
            return _divide(leg, back)
    return None


def _divide(numerator: Series, denominator: Series) -> Series:
    """numerator ÷ denominator on every day either changes, from the first day both are known."""
    days = sorted({day for day, _ in numerator} | {day for day, _ in denominator})
    result = []
    for day in days:
        top, bottom = _as_of(numerator, day), _as_of(denominator, day)
        if top is not None and bottom:
            result.append((day, _rounded(top / bottom)))
    return result


def _as_of(series: Series, day: date) -> Decimal | None:
    index = bisect_right(series, day, key=lambda point: point[0])
    return series[index - 1][1] if index else None


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_EVEN).normalize()
