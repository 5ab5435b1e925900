"""The forecast's renderers: what a reader sees in the terminal and on the HTML page."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.forecast import Forecast, ForecastOptions, pipeline_forecast
from partnerops.analytics.forecast_backtest import backtest
from partnerops.reports.forecast_html import render_forecast_html
from partnerops.reports.forecast_terminal import print_forecast

OPTIONS = ForecastOptions(as_of=date(2026, 1, 15), backtest_quarters=1)


@pytest.fixture
def seeded(sqlite_engine: Engine) -> Engine:
    """Closed deals only at Closed Won / Closed Lost, one past-due open deal of a partner whose name needs escaping."""
    with sqlite_engine.begin() as connection:
        rows = ImpactRows(connection)
        bolt = rows.partner("Bolt <SI>", "si")
        rows.deal("won", closed_on=date(2025, 9, 1))
        rows.deal("lost", closed_on=date(2025, 9, 2))
        rows.deal("open", 800_00, stage="Proposal", expected_close_on=date(2025, 12, 20), partners={bolt: "co_sell"})
    return sqlite_engine


def terminal_text(result: Forecast) -> str:
    console = Console(record=True, width=200)
    print_forecast(result, console)
    return console.export_text()


def test_terminal_says_where_each_rate_comes_from_when_no_stage_history_is_imported(seeded: Engine) -> None:
    text = " ".join(terminal_text(pipeline_forecast(seeded, OPTIONS)).split())  # as read, wherever lines wrap
    assert "No stage history is imported: a stage's rate comes only from the deals last recorded at it" in text
    assert "fallback to all closed deals: 1 won of 2" in text
    assert "Stages that name an outcome (Closed Lost, Closed Won)" in text
    assert "1 (1 past due)" in text and "past-due deals are counted in the first quarter" in text


def test_html_escapes_names_and_embeds_every_chart(seeded: Engine) -> None:
    page = render_forecast_html(pipeline_forecast(seeded, OPTIONS), backtest(seeded, OPTIONS))
    assert "Bolt &lt;SI&gt;" in page and "Bolt <SI>" not in page
    assert page.count("<svg") == 3 and "<script" not in page
