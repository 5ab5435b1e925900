"""The rate that converts a deal's currency into a plan's currency on the close date (exact decimal)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection

from partnerops.analytics.currency import MissingRate, load_rates

__all__ = ["RateBook"]


class RateBook:
    """Rates into each plan currency, loaded once per currency from the currency_rates table."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._series: dict[str, dict[str, tuple[list[date], list[Decimal]]]] = {}

    def rate(self, currency: str, into: str, on: date) -> Decimal:
        """Units of `into` per unit of `currency`, valid on `on` (the latest rate on or before it)."""
        if currency == into:
            return Decimal(1)
        days, rates = self._rates_into(into).get(currency, ([], []))
        found = bisect_right(days, on)
        if not found:
            raise MissingRate(currency, into, on)
        return rates[found - 1]

    def _rates_into(self, into: str) -> dict[str, tuple[list[date], list[Decimal]]]:
        if into not in self._series:
            frame = load_rates(self._conn, into).sort("currency", "valid_on")
            series: dict[str, tuple[list[date], list[Decimal]]] = {}
            for currency, valid_on, rate in frame.iter_rows():
                days, rates = series.setdefault(currency, ([], []))
                days.append(valid_on)
                rates.append(Decimal(rate))
            self._series[into] = series
        return self._series[into]
