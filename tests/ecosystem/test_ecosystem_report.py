"""The ecosystem report recovers the planted retention, lifetime value, time to value and return on investment:
every figure equals an independent recount from the plan, and every interval holds its figure, on both
databases."""

from __future__ import annotations

import statistics
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from sqlalchemy import Engine

from ecosystem.ecosystem_world import (
    ACME,
    AS_OF,
    BOLT,
    COSTS,
    CUSTOMERS,
    START,
    Planted,
    closed_on,
    first_value_on,
    group_of,
    partners_of,
    plant,
)
from partnerops.ecosystem.model import EcosystemReport, Estimate, GroupFigures
from partnerops.ecosystem.movements import month_points
from partnerops.ecosystem.report import EcosystemOptions, ecosystem_report

SOURCE = {"sourced": "partner_sourced", "co_sell": "partner_attached", "direct": "direct"}
MARGIN = Decimal("0.8")


def _members(dimension: str, key: str) -> list[int]:
    test = {
        "all": lambda i: True,
        "tier": lambda i: group_of(i) == key,
        "source": lambda i: SOURCE[group_of(i)] == key,
        "partner": lambda i: {"P-ACME": ACME, "P-BOLT": BOLT}[key] in partners_of(i),
        "partner_type": lambda i: {"technology": ACME, "si": BOLT}[key] in partners_of(i),
    }[dimension]
    return [i for i in range(CUSTOMERS) if test(i)]


def _report(engine: Engine, draws: int = 400) -> EcosystemReport:
    plant(engine)
    return ecosystem_report(engine, EcosystemOptions(currency="USD", as_of=AS_OF, margin=MARGIN, draws=draws))


def _group(report: EcosystemReport, dimension: str, key: str) -> GroupFigures:
    return next(g for g in report.groups if (g.dimension, g.key) == (dimension, key))


def _holds(estimate: Estimate) -> bool:
    """The interval holds the figure (an upper end of None is unbounded: a resample can have no churn)."""
    assert estimate.value is not None and estimate.low is not None
    return estimate.low <= estimate.value and (estimate.high is None or estimate.value <= estimate.high)


GROUPS = [("all", "all"), ("source", "partner_sourced"), ("source", "partner_attached"), ("source", "direct"),
          ("tier", "sourced"), ("tier", "co_sell"), ("partner", "P-ACME"), ("partner", "P-BOLT"),
          ("partner_type", "si"), ("partner_type", "technology")]  # fmt: skip


def test_retention_and_lifetime_value_equal_a_recount_of_the_plan(engine: Engine) -> None:
    report = _report(engine)
    for dimension, key in GROUPS:
        cohort = [i for i in _members(dimension, key) if Planted.arr(i, START) > 0]
        start = sum(Planted.arr(i, START) for i in cohort)
        end = sum(Planted.arr(i, AS_OF) for i in cohort)
        kept = sum(min(Planted.arr(i, START), Planted.arr(i, AS_OF)) for i in cohort)
        churned = sum(1 for i in cohort if Planted.arr(i, AS_OF) == 0)
        annual = 1 - (1 - Decimal(churned) / len(cohort)) ** 1
        clv = (Decimal(start) / len(cohort) * MARGIN / annual / 100).quantize(Decimal("0.01"))
        group = _group(report, dimension, key)
        assert (group.accounts, group.arr_start.minor, group.arr_end.minor) == (len(cohort), start, end)
        assert group.nrr.value == (Decimal(end) / start).quantize(Decimal("0.0001")), (dimension, key)
        assert group.grr.value == (Decimal(kept) / start).quantize(Decimal("0.0001")), (dimension, key)
        assert group.lifetime_value.value == clv, (dimension, key)
        assert _holds(group.nrr) and _holds(group.grr) and _holds(group.lifetime_value), (dimension, key)
    # What was planted: sourced customers expand, direct ones churn most.
    assert _group(report, "tier", "sourced").nrr.value > 1 > _group(report, "tier", "direct").nrr.value  # type: ignore[operator]


def test_time_to_value_is_the_median_days_from_close_to_go_live(engine: Engine) -> None:
    report = _report(engine)
    for dimension, key in GROUPS:
        onboarded = [i for i in _members(dimension, key) if START < closed_on(i) <= AS_OF]
        days = [(first_value_on(i) - closed_on(i)).days for i in onboarded if first_value_on(i) is not None]  # type: ignore[operator]
        group = _group(report, dimension, key)
        assert group.time_to_value_days.value == Decimal(str(statistics.median(days))).quantize(Decimal("0.1"))
        assert group.awaiting_value == sum(1 for i in onboarded if first_value_on(i) is None)
        assert _holds(group.time_to_value_days)


def test_return_on_partner_investment_divides_attributed_margin_by_program_cost(engine: Engine) -> None:
    report = _report(engine)
    points = month_points(AS_OF, 12)[1:]
    for key, partner in (("P-ACME", ACME), ("P-BOLT", BOLT)):
        revenue = sum((Fraction(Planted.arr(i, day), 12 * len(partners_of(i))) for i in range(CUSTOMERS)
                       if partner in partners_of(i) for day in points), Fraction(0))  # fmt: skip
        minor = int((Decimal(revenue.numerator) / revenue.denominator).to_integral_value(ROUND_HALF_EVEN))
        cost = sum(COSTS[partner].values())
        group = _group(report, "partner", key)
        assert group.revenue.minor == minor
        assert group.cost is not None and group.cost.total.minor == cost
        assert (group.cost.commissions.minor, group.cost.mdf.minor, group.cost.other.minor) == tuple(
            COSTS[partner].values())
        earned = Decimal(minor) * MARGIN
        assert group.ropi == (earned / cost).quantize(Decimal("0.0001"))
        assert group.payback_months == (Decimal(cost) / (earned / 12)).quantize(Decimal("0.1"))
    assert _group(report, "tier", "sourced").cost is None


def test_the_same_records_give_the_same_intervals_and_every_figure_explains_itself(engine: Engine) -> None:
    plant(engine)
    options = EcosystemOptions(currency="USD", as_of=AS_OF, margin=MARGIN, draws=200)
    first, second = ecosystem_report(engine, options), ecosystem_report(engine, options)
    assert first.seed == second.seed
    assert [(g.nrr, g.lifetime_value, g.time_to_value_days) for g in first.groups] == [
        (g.nrr, g.lifetime_value, g.time_to_value_days) for g in second.groups]
    acme = _group(first, "partner", "P-ACME")
    assert {e.figure for e in acme.explanations} == {"nrr", "grr", "lifetime_value", "time_to_value", "revenue",
                                                     "ropi", "payback_months"}  # fmt: skip
    ropi = next(e for e in acme.explanations if e.figure == "ropi")
    assert ("commissions paid", "3,000.00 USD") in ropi.inputs


def test_movements_between_month_points_are_the_planted_changes(engine: Engine) -> None:
    report = _report(engine, draws=0)
    points = month_points(AS_OF, 12)
    for step, (before_day, after_day) in zip(report.movements, zip(points, points[1:], strict=False), strict=True):
        pairs = [(Planted.arr(i, before_day), Planted.arr(i, after_day)) for i in range(CUSTOMERS)]
        assert step.ends_on == after_day
        assert step.new.minor == sum(a for b, a in pairs if b == 0 < a)
        assert step.churn.minor == sum(b for b, a in pairs if a == 0 < b)
        assert step.expansion.minor == sum(a - b for b, a in pairs if 0 < b < a)
        assert step.contraction.minor == sum(b - a for b, a in pairs if 0 < a < b)
        assert step.renewal.minor == 0


@pytest.mark.parametrize("months", [0])
def test_a_window_without_months_is_refused(engine: Engine, months: int) -> None:
    from partnerops.ecosystem.report import InvalidEcosystemOption

    with pytest.raises(InvalidEcosystemOption, match="at least one month"):
        ecosystem_report(engine, EcosystemOptions(as_of=date(2026, 1, 1), months=months))
