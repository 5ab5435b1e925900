"""Monthly exchange rates into USD for the demo's currencies, as exact decimal text."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

# A plausible starting point (USD per unit) and the decimals a rate sheet quotes it with.
STARTING_RATES: dict[str, tuple[float, int]] = {"EUR": (1.08, 4), "GBP": (1.26, 4), "JPY": (0.0068, 6)}
MONTHLY_VOLATILITY = 0.015
# Rates are market data, not part of a program: one fixed history from EPOCH, whatever the seed or day,
# so demos drawn with other seeds or on other days agree on every rate they share.
RATES_SEED = 4217
EPOCH = date(2015, 1, 1)


def draw_rates(first: date, last: date) -> pl.DataFrame:
    """A rate per currency valid from the first of every month from `first`'s month to `last`'s.

    Columns: currency, quote_currency, valid_on, rate (text) and rate_value (float, for drawing amounts).
    """
    months = _month_starts(EPOCH, last)
    shown = np.array([month >= date(first.year, first.month, 1) for month in months])
    rng = np.random.default_rng(RATES_SEED)
    frames = []
    for currency, (start, decimals) in STARTING_RATES.items():
        walk = start * np.exp(np.cumsum(rng.normal(0.0, MONTHLY_VOLATILITY, size=len(months))))
        values = np.round(walk[shown], decimals)
        frames.append(pl.DataFrame({
            "currency": currency,
            "quote_currency": "USD",
            "valid_on": [month for month, kept in zip(months, shown, strict=True) if kept],
            "rate": [f"{value:.{decimals}f}" for value in values],
            "rate_value": values,
        }))
    return pl.concat(frames)


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
