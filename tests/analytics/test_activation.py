"""Partner activation and health: time to first deal quartiles, attach rate and opportunities per partner per
quarter, and join cohorts, each against a plain recomputation."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from sqlalchemy import Engine
from statsmodels.stats.proportion import proportion_confint

from analytics.impact_rows import ImpactRows
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report


def report(engine: Engine) -> ImpactReport:
    return impact_report(engine, ImpactOptions(as_of=date(2026, 1, 15)))


def test_time_to_first_deal_has_a_median_and_quartiles(engine: Engine) -> None:
    joined = date(2025, 1, 1)
    waits = [10, 30, 31, 90, 200]
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        for index, wait in enumerate(waits):
            partner = rows.partner(f"P{index}", joined_on=joined)
            rows.deal("won", closed_on=date.fromordinal(joined.toordinal() + wait), partners={partner: "influence"})
            rows.deal("won", closed_on=date(2025, 12, 1), partners={partner: "influence"})  # a later win: ignored
        rows.partner("Idle", joined_on=joined)
    activation = report(engine).activation
    low, median, high = statistics.quantiles(waits, n=4, method="inclusive")
    first = activation.time_to_first_deal
    assert (first.count, first.low, first.median, first.high) == (5, low, median, high)
    assert activation.partners_without_a_win == 1


def test_attach_rate_and_opportunities_per_partner_are_per_quarter_created(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        early = rows.partner("Early", joined_on=date(2024, 6, 1))
        late = rows.partner("Late", joined_on=date(2025, 5, 1))
        rows.partner("Undated")
        q1 = date(2025, 2, 1)
        rows.deal("open", created_on=q1, partners={early: "influence"})
        rows.deal("lost", created_on=q1)
        rows.deal("won", created_on=q1)
        rows.deal("won", created_on=q1)
        q2 = date(2025, 4, 10)
        rows.deal("won", created_on=q2, closed_on=date(2025, 6, 1), partners={early: "co_sell", late: "sourced"})
        rows.deal("open", created_on=q2, partners={late: "influence"})
    quarters = {q.quarter: q for q in report(engine).activation.quarters}
    first, second = quarters["2025-Q1"], quarters["2025-Q2"]
    assert (first.created, first.attached, first.attach_rate.value) == (4, 1, pytest.approx(0.25))
    assert (first.attach_rate.low, first.attach_rate.high) == pytest.approx(proportion_confint(1, 4, method="wilson"))
    assert (first.partner_opportunities, first.active_partners, first.partners_in_program) == (1, 1, 2)
    assert first.per_partner == pytest.approx(1 / 2)  # Late had not joined; Undated counts throughout
    assert (second.created, second.attached, second.partner_opportunities, second.active_partners) == (2, 2, 3, 2)
    assert (second.partners_in_program, second.per_partner) == (3, pytest.approx(1.0))


def test_cohorts_count_partners_activated_by_a_won_attached_deal(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        a = rows.partner("A", joined_on=date(2025, 1, 5))
        b = rows.partner("B", joined_on=date(2025, 3, 30))
        c = rows.partner("C", joined_on=date(2025, 2, 1))
        d = rows.partner("D", joined_on=date(2025, 7, 1))
        rows.partner("E")
        rows.deal("won", closed_on=date(2025, 2, 4), partners={a: "influence"})  # 30 days
        rows.deal("won", closed_on=date(2025, 5, 8), partners={b: "sourced"})  # 39 days
        rows.deal("lost", closed_on=date(2025, 5, 8), partners={c: "sourced"})
        rows.deal("won", closed_on=date(2025, 9, 1), partners={d: "co_sell"})  # 62 days
    cohorts = {c.quarter: c for c in report(engine).activation.cohorts}
    assert list(cohorts) == ["2025-Q1", "2025-Q3", "unknown"]
    q1 = cohorts["2025-Q1"]
    assert (q1.joined, q1.activated, q1.share_activated.value) == (3, 2, pytest.approx(2 / 3))
    assert q1.median_days_to_first_deal == pytest.approx(statistics.median([30, 39]))
    assert (cohorts["2025-Q3"].activated, cohorts["2025-Q3"].median_days_to_first_deal) == (1, 62)
    unknown = cohorts["unknown"]
    assert (unknown.joined, unknown.activated, unknown.median_days_to_first_deal) == (1, 0, None)
