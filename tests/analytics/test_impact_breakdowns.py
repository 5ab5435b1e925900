"""Closed deals broken down by account segment, region, owner, owner team, product and deal type: each group's
partner-attached and direct win rates and the uplift between them, with intervals and small-sample cautions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report

AS_OF = date(2026, 1, 15)
# (won, closed) per side: the first group's partners lift its win rate fourfold, the second's not at all.
PLANTED = {"A": {"attached": (8, 10), "direct": (2, 10)}, "B": {"attached": (5, 10), "direct": (5, 10)}}
Placer = Callable[[ImpactRows, str | None], dict[str, object]]


def _account_column(column: str) -> Placer:
    accounts: dict[str | None, int] = {}

    def place(rows: ImpactRows, value: str | None) -> dict[str, object]:
        if value not in accounts:
            accounts[value] = rows.account(f"Account {value}", **{column: value})
        return {"account_id": accounts[value]}

    return place


def _deal_column(column: str) -> Placer:
    def place(rows: ImpactRows, value: str | None) -> dict[str, object]:
        return {column: value}

    return place


def _placer(dimension: str) -> Placer:
    """Where a deal of a group goes: on an account of that segment or region (one per value), or in a column."""
    if dimension in ("segment", "region"):
        return _account_column(dimension)
    return _deal_column(dimension)


VALUES = {"deal_type": {"A": "new_business", "B": "renewal"}}


def _plant(engine: Engine, dimension: str) -> ImpactReport:
    """The planted groups A and B, and two direct deals (one won) with the value missing."""
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        partner, place = rows.partner("Acme Cloud"), _placer(dimension)
        for group, sides in PLANTED.items():
            value = VALUES.get(dimension, {}).get(group, group)
            for side, (won, closed) in sides.items():
                for index in range(closed):
                    outcome = "won" if index < won else "lost"
                    _deal(rows, place, dimension, value, outcome, side == "attached", partner)
        for outcome in ("won", "lost"):
            _deal(rows, place, dimension, None, outcome, False, partner)
    return impact_report(engine, ImpactOptions(as_of=AS_OF))


def _deal(
    rows: ImpactRows, place: Placer, dimension: str, value: str | None, outcome: str, attached: bool, partner: int
) -> None:
    partners = {partner: "co_sell"} if attached else None
    if dimension == "product":
        deal = rows.deal(outcome, partners=partners)
        if value is not None:
            rows.product(deal, value)
            rows.product(deal, value)  # two line items of one product: the deal counts once in it
        return
    rows.deal(outcome, partners=partners, **place(rows, value))


@pytest.mark.parametrize("dimension", ["segment", "region", "owner", "owner_team", "product", "deal_type"])
def test_each_breakdown_recovers_the_planted_uplift_in_each_group(engine: Engine, dimension: str) -> None:
    report = _plant(engine, dimension)
    lifted = report.segment(dimension, VALUES.get(dimension, {}).get("A", "A"))  # type: ignore[arg-type]
    flat = report.segment(dimension, VALUES.get(dimension, {}).get("B", "B"))  # type: ignore[arg-type]
    assert lifted.comparison is not None and flat.comparison is not None
    assert (lifted.comparison.attached_won, lifted.comparison.attached_closed) == (8, 10)
    assert (lifted.comparison.direct_won, lifted.comparison.direct_closed) == (2, 10)
    assert (lifted.closed, lifted.won) == (20, 10) and lifted.win_rate.value == pytest.approx(0.5)
    assert lifted.uplift.value == pytest.approx(4.0)
    assert lifted.uplift.low is not None and lifted.uplift.low < 4.0 < (lifted.uplift.high or 0)
    assert flat.uplift.value == pytest.approx(1.0)
    assert lifted.caution is not None and "only 20 closed deals" in lifted.caution
    unknown = report.segment(dimension, "unknown")  # type: ignore[arg-type]
    assert (unknown.closed, unknown.won) == (2, 1)
    assert unknown.uplift.defined is False  # no partner-attached deal to compare with
    assert [s.key for s in report.segments_by(dimension)][-1] == "unknown"  # type: ignore[arg-type]


def test_deal_type_reads_as_words_and_a_deal_counts_in_each_product_it_holds(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        both = rows.deal("won", 300_00, deal_type="new_business")
        rows.product(both, "Platform")
        rows.product(both, "Analytics")
        rows.product(rows.deal("lost", deal_type="expansion"), "Platform")
    report = impact_report(engine, ImpactOptions(as_of=AS_OF))
    assert [(s.key, s.label) for s in report.segments_by("deal_type")] == [
        ("expansion", "expansion"),
        ("new_business", "new business"),
    ]
    products = {s.key: (s.closed, s.won, s.won_amount.amount) for s in report.segments_by("product")}
    assert products == {"Analytics": (1, 1, 300), "Platform": (2, 1, 300)}
