"""The forecast's backtest: replayed quarters against a recomputation, and planted win probabilities recovered."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import Engine, insert

from analytics.impact_rows import ImpactRows
from partnerops.analytics.forecast_backtest import backtest, backtest_quarters
from partnerops.analytics.forecast_model import ForecastOptions
from partnerops.domain.money import Money
from partnerops.store.tables import opportunities

PLANTED = {"Discovery": 0.2, "Demo": 0.5, "Negotiation": 0.8}


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def test_backtest_quarters_are_the_last_complete_ones_oldest_first() -> None:
    labels = [q.label for q in backtest_quarters(date(2026, 1, 15), 3)]
    assert labels == ["2025-Q2", "2025-Q3", "2025-Q4"]


def test_a_replayed_quarter_forecasts_the_deals_open_on_its_first_day_and_counts_what_won(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.deal("won", stage="Discovery", closed_on=date(2025, 5, 1))
        rows.deal("lost", stage="Discovery", closed_on=date(2025, 6, 1))
        opened = date(2025, 9, 1)
        rows.deal("won", 100_00, stage="Discovery", created_on=opened, closed_on=date(2025, 11, 1))
        rows.deal("lost", 300_00, stage="Discovery", created_on=opened, closed_on=date(2025, 12, 1))
        rows.deal("won", 900_00, stage="Discovery", created_on=opened, closed_on=date(2026, 1, 5))
        rows.deal("open", 50_00, stage="Discovery", created_on=opened, expected_close_on=date(2025, 12, 15))
    result = backtest(engine, ForecastOptions(as_of=date(2026, 1, 15), min_stage_deals=2, backtest_quarters=1))
    (quarter,) = result.quarters
    assert quarter.quarter.label == "2025-Q4"
    assert (quarter.learned_from, quarter.deals, quarter.won_deals) == (2, 3, 1)
    assert quarter.expected == usd("225.00")
    assert quarter.actual == usd("100.00")
    assert quarter.low <= quarter.actual <= quarter.high and quarter.inside
    assert result.brier == pytest.approx(0.25) and result.brier_reference == pytest.approx(0.25)
    ((bin_row),) = result.calibration
    assert (bin_row.label, bin_row.deals, bin_row.observed.value) == ("50–60%", 3, pytest.approx(1 / 3))


def test_a_quarter_with_no_earlier_closed_deal_is_skipped_and_said(engine: Engine) -> None:
    with engine.begin() as connection:
        ImpactRows(connection).deal("won", closed_on=date(2025, 8, 1))
    result = backtest(engine, ForecastOptions(as_of=date(2026, 1, 15), backtest_quarters=2))
    assert [q.quarter.label for q in result.quarters] == ["2025-Q4"]
    assert any("2025-Q3 skipped" in note for note in result.notes)


def seed_planted(engine: Engine) -> None:
    """A deal a day for 30 months, each at one stage that wins with its planted probability."""
    rng = np.random.default_rng(7)
    days = 900
    stages = rng.choice(list(PLANTED), size=days)
    wins = rng.random(days) < np.array([PLANTED[s] for s in stages])
    cycles = rng.integers(20, 80, size=days)
    with engine.begin() as connection:
        account = ImpactRows(connection).account_id
        start = date(2023, 7, 1)
        rows = [
            {
                "source_system": "planted", "external_id": str(i), "account_id": account, "name": f"deal {i}",
                "amount_minor": 1000_00, "currency": "USD", "stage": str(stages[i]),
                "outcome": "won" if wins[i] else "lost", "created_on": start + timedelta(days=i),
                "closed_on": start + timedelta(days=i + int(cycles[i])),
            }
            for i in range(days)
        ]  # fmt: skip
        connection.execute(insert(opportunities), rows)


def test_backtest_recovers_the_planted_stage_probabilities_within_their_intervals(engine: Engine) -> None:
    seed_planted(engine)
    result = backtest(engine, ForecastOptions(as_of=date(2026, 3, 1), backtest_quarters=4))
    assert [q.quarter.label for q in result.quarters] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    by_stage = {row.label: row for row in result.by_source}
    assert set(by_stage) == {f"last stage: {s}" for s in PLANTED}
    for stage, planted in PLANTED.items():
        row = by_stage[f"last stage: {stage}"]
        assert row.observed.low is not None and row.observed.high is not None
        assert row.observed.low <= planted <= row.observed.high, stage
        assert row.observed.low <= row.mean_predicted <= row.observed.high, stage
    assert result.brier is not None and result.brier_reference is not None
    assert result.brier < result.brier_reference
    assert sum(q.inside for q in result.quarters) >= 3
