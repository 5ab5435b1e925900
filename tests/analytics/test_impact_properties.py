"""On any small dataset the impact report equals a plain recomputation over the same rows."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows, clear
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report
from partnerops.domain.money import Money

START = date(2024, 1, 1)
RATES = {"EUR": [(date(2023, 1, 1), "1.0834"), (date(2024, 7, 1), "1.1")], "JPY": [(date(2023, 1, 1), "0.0067")]}
RANK = {"sourced": 3, "co_sell": 2, "influence": 1}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Deal:
    outcome: str
    amount_minor: int
    currency: str
    created_on: date
    closed_on: date
    partners: dict[int, str]

    @property
    def tier(self) -> str:
        return max(self.partners.values(), key=RANK.__getitem__, default="direct")

    @property
    def usd(self) -> Decimal:
        rate = "1"
        for valid_on, text in RATES.get(self.currency, []):
            if valid_on <= self.closed_on:
                rate = text
        return Money.from_minor(self.amount_minor, self.currency).convert(Decimal(rate), "USD").amount

    @property
    def quarter(self) -> str:
        return f"{self.closed_on.year}-Q{(self.closed_on.month - 1) // 3 + 1}"


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    created = START + timedelta(days=draw(st.integers(0, 400)))
    return Deal(
        outcome=draw(st.sampled_from(["won", "won", "lost", "open"])),
        amount_minor=draw(st.integers(0, 10**9)),
        currency=draw(st.sampled_from(["USD", "EUR", "JPY"])),
        created_on=created,
        closed_on=created + timedelta(days=draw(st.integers(0, 200))),
        partners=draw(st.dictionaries(st.integers(0, 2), st.sampled_from(list(RANK)), max_size=3)),
    )


def seed(engine: Engine, rows: list[Deal]) -> None:
    with engine.begin() as connection:
        clear(connection)
        seeded = ImpactRows(connection)
        for currency, rates in RATES.items():
            for valid_on, text in rates:
                seeded.rate(currency, valid_on, text)
        partner_ids = [seeded.partner(f"P{i}") for i in range(3)]
        for deal in rows:
            seeded.deal(
                deal.outcome,
                deal.amount_minor,
                currency=deal.currency,
                created_on=deal.created_on,
                closed_on=deal.closed_on,
                expected_close_on=deal.closed_on if deal.outcome == "open" else None,
                partners={partner_ids[i]: tier for i, tier in deal.partners.items()},
            )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(deals(), max_size=25))
def test_report_equals_a_plain_recomputation(engine: Engine, rows: list[Deal]) -> None:
    seed(engine, rows)
    report = impact_report(engine, ImpactOptions(as_of=date(2026, 1, 1)))
    closed = [d for d in rows if d.outcome != "open"]
    check_overall(report, closed)
    check_mix(report, closed)
    check_tiers(report, closed)
    check_partners(report, closed)


def check_overall(report: ImpactReport, closed: list[Deal]) -> None:
    attached = [d for d in closed if d.tier != "direct"]
    direct = [d for d in closed if d.tier == "direct"]
    overall = report.overall
    assert (overall.attached_closed, overall.direct_closed) == (len(attached), len(direct))
    assert overall.attached_won == sum(d.outcome == "won" for d in attached)
    if attached:
        assert overall.win_rate_attached.value == pytest.approx(overall.attached_won / len(attached))
    if direct and overall.direct_won and attached:
        expected = (overall.attached_won / len(attached)) / (overall.direct_won / len(direct))
        assert overall.uplift.value == pytest.approx(expected)
    else:
        assert not overall.uplift.defined


def check_mix(report: ImpactReport, closed: list[Deal]) -> None:
    expected: dict[tuple[str, str], Decimal] = {}
    for deal in (d for d in closed if d.outcome == "won"):
        for period in ("all", deal.quarter):
            expected[period, deal.tier] = expected.get((period, deal.tier), Decimal(0)) + deal.usd
    found = {(m.period, m.tier): m.amount.amount for m in report.mix if m.won}
    assert found == expected


def check_tiers(report: ImpactReport, closed: list[Deal]) -> None:
    for segment in report.segments_by("tier"):
        group = [d for d in closed if d.tier == segment.key]
        won = [d for d in group if d.outcome == "won"]
        assert (segment.closed, segment.won) == (len(group), len(won))
        if won:
            median = statistics.median(d.usd for d in won).quantize(CENT, rounding=ROUND_HALF_EVEN)
            mean = (sum(d.usd for d in won) / len(won)).quantize(CENT, rounding=ROUND_HALF_EVEN)
            cycle = statistics.median((d.closed_on - d.created_on).days for d in won)
            assert segment.median_deal_size == Money(median, "USD")
            assert segment.mean_deal_size == Money(mean, "USD")
            assert segment.median_cycle_days == pytest.approx(cycle)
    assert {s.key for s in report.segments_by("tier")} == {d.tier for d in closed}


def check_partners(report: ImpactReport, closed: list[Deal]) -> None:
    wins = Counter(f"P{i}" for d in closed if d.outcome == "won" for i in d.partners)
    assert {p.name: p.won_deals for p in report.partners} == {f"P{i}": wins[f"P{i}"] for i in range(3)}
    for segment in report.segments_by("partner"):
        group = [d for d in closed if int(segment.label[1:]) in d.partners]
        assert (segment.closed, segment.won) == (len(group), sum(d.outcome == "won" for d in group))
