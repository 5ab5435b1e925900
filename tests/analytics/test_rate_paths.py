"""Rates into the reporting currency: direct first, else inverse, else crossed through a shared currency."""

from datetime import date
from decimal import Decimal

from partnerops.analytics.rate_paths import rate_series, rates_into

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_a_direct_rate_is_used_as_it_is() -> None:
    series = rate_series([("EUR", "USD", JAN, "1.1"), ("USD", "EUR", JAN, "0.5")])
    assert rates_into(series, "USD")["EUR"] == [(JAN, Decimal("1.1"))]


def test_the_inverse_rate_serves_the_other_direction() -> None:
    series = rate_series([("EUR", "USD", JAN, "1.25")])
    assert rates_into(series, "EUR")["USD"] == [(JAN, Decimal("0.8"))]


def test_a_cross_rate_goes_through_the_shared_currency_on_every_day_either_leg_changes() -> None:
    series = rate_series([("GBP", "USD", JAN, "1.25"), ("EUR", "USD", FEB, "1.1"), ("GBP", "USD", MAR, "1.32")])
    assert rates_into(series, "EUR")["GBP"] == [(FEB, Decimal("1.136363636363636364")), (MAR, Decimal("1.2"))]


def test_a_currency_with_no_path_is_left_out_so_the_report_can_name_it() -> None:
    series = rate_series([("GBP", "USD", JAN, "1.25"), ("JPY", "CHF", JAN, "0.006")])
    assert "JPY" not in rates_into(series, "EUR")
