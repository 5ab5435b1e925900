"""Vectorised conversion agrees with converting one Money at a time, and refuses to guess a missing rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.analytics.currency import MissingRate, convert
from partnerops.domain.money import Money

RATES = pl.DataFrame(
    {
        "currency": ["EUR", "EUR", "JPY", "BHD"],
        "valid_on": [date(2024, 1, 1), date(2024, 6, 1), date(2024, 1, 1), date(2024, 1, 1)],
        "rate": ["1.0834", "1.1", "0.006712345", "2.659574468085106383"],
    }
)


def amounts(amount_minor: int, currency: str, rate_on: date) -> pl.DataFrame:
    return pl.DataFrame({"amount_minor": [amount_minor], "currency": [currency], "rate_on": [rate_on]})


@given(
    amount_minor=st.integers(-(10**12), 10**12),
    currency=st.sampled_from(["EUR", "JPY", "BHD", "USD"]),
    target=st.sampled_from(["USD", "JPY", "BHD"]),
)
def test_conversion_equals_money_convert(amount_minor: int, currency: str, target: str) -> None:
    rates = RATES.filter(pl.col("valid_on") <= date(2024, 3, 1), pl.col("currency") != target)
    if currency not in (set(rates["currency"]) | {target}):
        return
    rate = Decimal(rates.filter(pl.col("currency") == currency)["rate"].item()) if currency != target else 1
    expected = Money.from_minor(amount_minor, currency).convert(Decimal(rate), target)
    converted = convert(amounts(amount_minor, currency, date(2024, 3, 1)), rates, target)
    assert Money.from_minor(converted["value_minor"].item(), target) == expected


def test_the_rate_used_is_the_latest_on_or_before_the_day() -> None:
    converted = convert(amounts(100_00, "EUR", date(2024, 6, 1)), RATES, "USD")
    assert converted["value_minor"].item() == 110_00


def test_a_day_before_any_rate_is_an_error_naming_currency_and_day() -> None:
    with pytest.raises(MissingRate, match="no EUR to USD rate valid on or before 2023-12-31"):
        convert(amounts(100, "EUR", date(2023, 12, 31)), RATES, "USD")
