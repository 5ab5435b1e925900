"""A reporting currency that is no currency code says so and lists the currencies that have rates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, insert

from partnerops.analytics.currency import UnknownReportingCurrency, reporting_currency_code
from partnerops.store.tables import currency_rates


def test_a_known_code_is_accepted_in_any_case(engine: Engine) -> None:
    with engine.connect() as conn:
        assert reporting_currency_code(conn, " eur ") == "EUR"


def test_an_unknown_code_lists_the_currencies_that_have_rates(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(currency_rates), [
            {"currency": "EUR", "quote_currency": "USD", "valid_on": date(2026, 1, 1), "rate": "1.1"},
            {"currency": "GBP", "quote_currency": "USD", "valid_on": date(2026, 1, 1), "rate": "1.3"},
        ])  # fmt: skip
        with pytest.raises(UnknownReportingCurrency, match=r"'XYZ' is not a currency code .*: EUR, GBP, USD$"):
            reporting_currency_code(conn, "XYZ")


def test_with_no_rates_it_says_how_to_load_them(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(UnknownReportingCurrency, match="partnerops import rates FILE"):
        reporting_currency_code(conn, "DOLLARS")
