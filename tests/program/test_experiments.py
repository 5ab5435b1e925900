"""Experiment evaluation on planted effects: a real effect is met, no effect is inconclusive, a reversed one
is not met; the interval comes from the metric's method."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, insert

from partnerops.program.errors import InvalidProgramInput
from partnerops.program.experiment_criteria import Verdict, parse_criteria
from partnerops.program.experiment_metrics import ExperimentMetric
from partnerops.program.experiments import (
    Evaluation,
    ExperimentInput,
    evaluate_experiment,
    get_experiment,
    record_experiment,
)
from partnerops.store.tables import accounts, partners
from program.program_kit import MANAGER, deal, seed_deals

START, END = date(2026, 1, 1), date(2026, 6, 30)
COHORT, CONTROL = tuple(range(1, 11)), tuple(range(11, 21))


def _world(engine: Engine, outcomes: dict[int, list[str]]) -> None:
    """Twenty partners; each partner's deals (one outcome each) created in the window, co-sold by it alone."""
    with engine.begin() as c:
        c.execute(insert(partners), [{"id": p, "source_system": "csv", "external_id": f"P{p}", "name": f"Partner {p}",
                                      "type": "si"} for p in range(1, 21)])  # fmt: skip
        c.execute(insert(accounts).values(id=1, source_system="csv", external_id="A1", name="Initech"))
    deals, worked = [], {}
    for partner, results in outcomes.items():
        for outcome in results:
            deal_id = len(deals) + 1
            deals.append(deal(deal_id, START + timedelta(days=deal_id % 120), outcome, 1_000 * partner))
            worked[deal_id] = (partner,)
    seed_deals(engine, deals, worked)


def _by_set(cohort: list[str], control: list[str]) -> dict[int, list[str]]:
    return {**dict.fromkeys(COHORT, cohort), **dict.fromkeys(CONTROL, control)}


def _experiment(engine: Engine, metric: ExperimentMetric, criteria: str) -> str:
    form = ExperimentInput("Q1 co-marketing kit", "Partners with the kit win more", metric, criteria, START, END,
                           COHORT, CONTROL)  # fmt: skip
    with engine.begin() as c:
        record_experiment(c, MANAGER, form)
    return form.name


def _evaluate(engine: Engine, name: str) -> Evaluation:
    with engine.begin() as c:
        return evaluate_experiment(c, name)


def test_a_planted_win_rate_uplift_meets_the_criteria(engine: Engine) -> None:
    _world(engine, _by_set(["won"] * 8 + ["lost"] * 2, ["won"] * 3 + ["lost"] * 7))
    name = _experiment(engine, ExperimentMetric.WIN_RATE, "uplift >= 1.2")
    result = _evaluate(engine, name)
    assert result.cohort_value.value == pytest.approx(0.8) and result.control_value.value == pytest.approx(0.3)
    assert result.comparison.value == pytest.approx(0.8 / 0.3)
    assert result.comparison.low > 1.2 and result.verdict is Verdict.MET
    with engine.connect() as c:
        assert get_experiment(c, name)["evaluation"]["verdict"] == "met"


def test_no_effect_is_inconclusive_and_a_reversed_effect_is_not_met(engine: Engine) -> None:
    _world(engine, _by_set(["won"] * 2 + ["lost"] * 3, ["won"] * 2 + ["lost"] * 3))
    equal = _evaluate(engine, _experiment(engine, ExperimentMetric.WIN_RATE, "uplift >= 1.2"))
    assert equal.comparison.value == pytest.approx(1.0)
    assert equal.comparison.low < 1.2 < equal.comparison.high and equal.verdict is Verdict.INCONCLUSIVE
    form = ExperimentInput("higher bar", "h", ExperimentMetric.WIN_RATE, "difference >= 0.3", START, END, COHORT,
                           CONTROL)  # fmt: skip
    with engine.begin() as c:
        record_experiment(c, MANAGER, form)
        assert evaluate_experiment(c, "higher bar").verdict is Verdict.NOT_MET


def test_deal_count_uplift_uses_a_bootstrap_over_partners(engine: Engine) -> None:
    _world(engine, {**{p: ["open"] * (5 + p % 3) for p in COHORT}, **{p: ["open"] * (1 + p % 2) for p in CONTROL}})
    result = _evaluate(engine, _experiment(engine, ExperimentMetric.DEAL_COUNT, "ratio >= 1.2"))
    assert result.cohort_value.value == pytest.approx(6.0) and result.control_value.value == pytest.approx(1.5)
    assert result.comparison.low > 1.2 and result.verdict is Verdict.MET
    assert "bootstrap" in result.method


def test_a_faster_first_deal_meets_a_lower_is_better_criterion(engine: Engine) -> None:
    # One deal each: the cohort's come 1..10 days into the window, the control's 11..20 days.
    _world(engine, {p: ["open"] for p in COHORT + CONTROL})
    result = _evaluate(engine, _experiment(engine, ExperimentMetric.TIME_TO_FIRST_DEAL, "ratio <= 0.5"))
    assert (result.cohort_value.value, result.control_value.value) == (5.5, 15.5)
    assert result.comparison.high < 0.5 and result.verdict is Verdict.MET


def test_bad_criteria_and_overlapping_sets_are_refused(engine: Engine) -> None:
    with pytest.raises(InvalidProgramInput, match="success_criteria"):
        parse_criteria("better than before")
    _world(engine, {1: ["won"]})
    overlapping = ExperimentInput("x", "h", ExperimentMetric.PIPELINE, "ratio > 1", START, END, (1, 2), (2, 3))
    with engine.begin() as c, pytest.raises(InvalidProgramInput, match=r"partners in both sets: \[2\]"):
        record_experiment(c, MANAGER, overlapping)
