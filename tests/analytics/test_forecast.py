"""The pipeline forecast on hand-built data: each figure against a recomputation, and the edges."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.currency import MissingRate
from partnerops.analytics.forecast import (
    NO_RUN_NOTE,
    Forecast,
    ForecastOptions,
    InvalidForecastOption,
    NoHistory,
    pipeline_forecast,
)
from partnerops.analytics.forecast_model import ForecastFigure
from partnerops.domain.money import Money
from partnerops.store.tables import attribution_runs

AS_OF = date(2026, 1, 15)


def forecast(engine: Engine, **options: object) -> Forecast:
    return pipeline_forecast(engine, ForecastOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]


def figure(result: Forecast, quarter: str, dimension: str = "total", label: str = "all deals") -> ForecastFigure:
    return next(f for f in result.figures if (f.quarter, f.dimension, f.label) == (quarter, dimension, label))


def usd_cents(value: Fraction) -> Money:
    return Money.from_minor(round(value), "USD")


def seed_mixed(engine: Engine) -> None:
    """Discovery wins 3 of 4 (learned at a minimum of 3); Proposal has 1 closed deal; Negotiation none."""
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("EUR", date(2024, 1, 1), "1.1")
        acme = rows.partner("Acme Cloud", "technology")
        for outcome in ["won", "won", "won", "lost"]:
            rows.deal(outcome, stage="Discovery")
        rows.deal("won", stage="Proposal", partners={acme: "co_sell"})
        for outcome in ["won", "lost", "lost"]:
            rows.deal(outcome)  # recorded at Closed Won / Closed Lost
        rows.deal("lost", partners={acme: "co_sell"})
        rows.deal("open", 1000_00, stage="Discovery", expected_close_on=date(2026, 2, 10))
        rows.deal("open", 500_00, stage="Proposal", expected_close_on=date(2026, 5, 1), partners={acme: "co_sell"})
        rows.deal("open", 300_00, currency="EUR", stage="Proposal", expected_close_on=date(2025, 12, 1))
        rows.deal("open", 700_00, stage="Negotiation", expected_close_on=date(2026, 3, 1), partners={acme: "influence"})
        rows.deal("open", 200_00, stage="Discovery")
        rows.deal("open", 100_00, stage="Discovery", expected_close_on=date(2026, 8, 1))


def test_expected_amounts_weight_each_deal_by_its_stage_or_tier_probability(engine: Engine) -> None:
    seed_mixed(engine)
    result = forecast(engine, min_stage_deals=3)
    # Discovery 3/4 learned; Proposal (1 closed) falls back to its tier: direct 4/7, co-sell 1/2;
    # Negotiation on an influence deal, a tier with no closed deals: all closed deals, 5/9.
    first = Fraction(1000_00 * 3, 4) + Fraction(330_00 * 4, 7) + Fraction(700_00 * 5, 9)
    assert figure(result, "2026-Q1").expected == usd_cents(first)
    assert figure(result, "2026-Q2").expected == usd_cents(Fraction(500_00, 2))
    assert figure(result, "2026-Q1", "tier", "direct").expected == usd_cents(Fraction(1000_00 * 3, 4) + Fraction(
        330_00 * 4, 7))  # fmt: skip
    assert figure(result, "2026-Q1", "partner", "Acme Cloud").expected == usd_cents(Fraction(700_00 * 5, 9))
    assert figure(result, "2026-Q2", "partner_type", "technology").pipeline == Money(Decimal("500.00"), "USD")


def test_past_due_deals_count_in_the_first_quarter_flagged_and_late_or_undated_deals_are_named(engine: Engine) -> None:
    seed_mixed(engine)
    result = forecast(engine, min_stage_deals=3)
    first = figure(result, "2026-Q1")
    assert (first.deals, first.past_due) == (3, 1)
    assert first.pipeline == Money(Decimal("2030.00"), "USD")
    assert any("1 open deal past due" in note and "2026-Q1" in note for note in result.notes)
    assert any("1 open deal without an expected close date" in note for note in result.notes)
    assert any("1 open deal expected to close after 2026-06-30" in note for note in result.notes)


def test_learning_says_what_each_stage_learned_and_which_stages_fell_back(engine: Engine) -> None:
    seed_mixed(engine)
    learning = forecast(engine, min_stage_deals=3).learning
    stages = {s.stage: s for s in learning.stages}
    assert (stages["Discovery"].last_stage.won, stages["Discovery"].last_stage.closed) == (3, 4)
    assert (stages["Proposal"].last_stage.closed, stages["Negotiation"].last_stage.closed) == (1, 0)
    assert learning.history_deals == 0 and all(s.history.closed == 0 for s in learning.stages)
    used = {(p.stage, p.tier): (p.source, p.sample.won, p.sample.closed, p.learned) for p in learning.probabilities}
    assert used == {
        ("Discovery", "direct"): ("last stage", 3, 4, True),
        ("Proposal", "direct"): ("tier rate", 4, 7, False),
        ("Proposal", "co_sell"): ("tier rate", 1, 2, False),
        ("Negotiation", "influence"): ("all closed deals", 5, 9, False),
    }
    assert learning.outcome_stages == ("Closed Lost", "Closed Won")
    assert learning.closed_deals == 9
    assert {t.tier: (t.won, t.closed) for t in learning.tiers} == {"co_sell": (1, 2), "direct": (4, 7)}


def test_a_single_coin_flip_deal_spans_nothing_to_everything(engine: Engine) -> None:
    seed_mixed(engine)
    second = figure(forecast(engine, min_stage_deals=3), "2026-Q2")
    assert (second.low, second.high) == (Money(Decimal("0.00"), "USD"), Money(Decimal("500.00"), "USD"))


def test_interval_matches_the_normal_approximation_with_rate_uncertainty(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        for index in range(200):
            rows.deal("won" if index % 2 else "lost", stage="Demo")
        for _ in range(60):
            rows.deal("open", 1000_00, stage="Demo", expected_close_on=date(2026, 2, 1))
    total = figure(forecast(engine, draws=20000), "2026-Q1")
    amount = 1000.0
    outcome_variance = 60 * 0.25 * amount**2
    rate_variance = (60 * amount) ** 2 * (100.5 * 100.5) / (201**2 * 202)  # Beta(100.5, 100.5)
    half_width = 1.96 * math.sqrt(outcome_variance + rate_variance)
    assert total.expected == Money(Decimal("30000.00"), "USD")
    assert float(total.high.amount) - 30000 == pytest.approx(half_width, rel=0.1)
    assert 30000 - float(total.low.amount) == pytest.approx(half_width, rel=0.1)


def test_no_open_deals_gives_zero_in_every_quarter(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.deal("won", stage="Discovery")
    result = forecast(engine, quarters=3)
    totals = result.figures_by("total")
    assert [f.quarter for f in totals] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert all(f.deals == 0 and f.expected == f.high == Money(Decimal("0.00"), "USD") for f in totals)


def test_a_missing_rate_is_an_error_naming_the_currency(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.deal("won")
        rows.deal("open", currency="GBP", expected_close_on=date(2026, 2, 1))
    with pytest.raises(MissingRate, match="no GBP to USD rate"):
        forecast(engine)


def test_open_deals_without_any_closed_history_are_an_error(engine: Engine) -> None:
    with engine.begin() as connection:
        ImpactRows(connection).deal("open", expected_close_on=date(2026, 2, 1))
    with pytest.raises(NoHistory, match="no deal closed"):
        forecast(engine)


def test_without_an_attribution_run_every_deal_is_direct_and_the_forecast_says_so(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.deal("won")
        rows.deal("open", expected_close_on=date(2026, 2, 1))
        connection.execute(attribution_runs.delete())
    result = forecast(engine)
    assert result.run is None and NO_RUN_NOTE in result.notes
    assert [f.key for f in result.figures_by("tier")] == ["direct"]


def test_options_out_of_range_are_refused(engine: Engine) -> None:
    with pytest.raises(InvalidForecastOption, match="quarters must be at least 1"):
        forecast(engine, quarters=0)
