"""Open pipeline and the attach rate by quarter, from a planted program run through attribution and the impact
report, agree with a recount written here in plain Python over the generated rows: touches after an open deal's
expected close, after a deal's close or in the future count for nothing."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.attribution.service import run_attribution
from partnerops.store.tables import accounts, opportunities, partners, touches

TODAY = datetime.now(UTC).date()
STAGES = ("Discovery", "Proposal", "Negotiation")
# Everyday activity only: none of these types can source a deal, so a partner's tier is its count of touches.
KINDS = ("poc", "joint_call", "discovery", "intel")


@dataclass(frozen=True)
class Deal:
    id: int
    outcome: str
    stage: str
    amount_minor: int
    created_on: date
    closed_on: date | None
    expected_close_on: date | None


@dataclass(frozen=True)
class Touch:
    id: int
    partner_id: int
    deal_id: int
    kind: str
    touched_on: date
    status: str


def plant(seed: int = 16, count: int = 240) -> tuple[list[Deal], list[Touch]]:
    """Deals created over the last 400 days, a third still open (expected close before or after today, or none),
    and touches around each deal, some after its (expected) close and some in the coming weeks."""
    rng = random.Random(seed)
    deals = []
    for deal_id in range(1, count + 1):
        created = TODAY - timedelta(days=rng.randint(1, 400))
        outcome = rng.choice(("open", "won", "lost"))
        closed = min(created + timedelta(days=rng.randint(0, 120)), TODAY) if outcome != "open" else None
        expected = rng.choice((None, created + timedelta(days=rng.randint(10, 500)))) if outcome == "open" else None
        stage = rng.choice(STAGES) if outcome == "open" else f"Closed {outcome.title()}"
        deals.append(Deal(deal_id, outcome, stage, rng.randint(1_000, 90_000) * 100, created, closed, expected))
    planted = []
    for touch_id in range(1, 4 * count + 1):
        deal = rng.choice(deals)
        day = deal.created_on + timedelta(days=rng.randint(-10, 420))
        status = rng.choice(("confirmed", "confirmed", "confirmed", "claimed", "rejected"))
        planted.append(Touch(touch_id, rng.randint(1, 6), deal.id, rng.choice(KINDS), day, status))
    return deals, planted


def store(engine: Engine, deals: list[Deal], planted: list[Touch]) -> None:
    source = {"source_system": "planted"}
    with engine.begin() as c:
        c.execute(insert(accounts), [{**source, "id": 1, "external_id": "A1", "name": "Initech"}])
        c.execute(
            insert(partners),
            [{**source, "id": p, "external_id": f"P{p}", "name": f"Partner {p}", "type": "si"} for p in range(1, 7)],
        )
        c.execute(insert(opportunities), [_deal_row(deal) for deal in deals])
        c.execute(insert(touches), [_touch_row(touch) for touch in planted])


def _deal_row(deal: Deal) -> dict[str, object]:
    return {"source_system": "planted", "external_id": f"O{deal.id}", "id": deal.id, "account_id": 1,
            "name": f"deal {deal.id}", "amount_minor": deal.amount_minor, "currency": "USD", "stage": deal.stage,
            "outcome": deal.outcome, "created_on": deal.created_on, "closed_on": deal.closed_on,
            "expected_close_on": deal.expected_close_on}  # fmt: skip


def _touch_row(touch: Touch) -> dict[str, object]:
    return {"source_system": "planted", "external_id": f"T{touch.id}", "id": touch.id, "partner_id": touch.partner_id,
            "opportunity_id": touch.deal_id, "type": touch.kind, "touched_on": touch.touched_on,
            "status": touch.status}  # fmt: skip


def recount_tiers(deals: list[Deal], planted: list[Touch]) -> dict[int, str]:
    """Each deal's tier by hand: a partner's confirmed touches from creation to the close, the expected close of
    an open deal and today, whichever comes first; two make co-sell, one influence."""
    by_deal = {deal.id: deal for deal in deals}
    counted: Counter[tuple[int, int]] = Counter()
    for touch in planted:
        deal = by_deal[touch.deal_id]
        end = min(day for day in (deal.closed_on, deal.expected_close_on, TODAY) if day is not None)
        if touch.status == "confirmed" and deal.created_on <= touch.touched_on <= end:
            counted[(deal.id, touch.partner_id)] += 1
    best: dict[int, int] = defaultdict(int)
    for (deal_id, _), touches_counted in counted.items():
        best[deal_id] = max(best[deal_id], touches_counted)
    return {deal.id: {0: "direct", 1: "influence"}.get(best[deal.id], "co_sell") for deal in deals}


def test_open_pipeline_and_attach_rate_by_quarter_agree_with_a_recount(engine: Engine) -> None:
    deals, planted = plant()
    store(engine, deals, planted)
    run_attribution(engine)
    report = impact_report(engine, ImpactOptions(as_of=TODAY))
    tiers = recount_tiers(deals, planted)

    pipeline: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for deal in deals:
        if deal.outcome == "open":
            pipeline[(tiers[deal.id], deal.stage)][0] += 1
            pipeline[(tiers[deal.id], deal.stage)][1] += deal.amount_minor
    shown = {(row.tier, row.stage): [row.deals, int(row.amount.amount * 100)] for row in report.pipeline}
    assert shown == dict(pipeline)

    quarters: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for deal in deals:
        quarter = f"{deal.created_on.year}-Q{(deal.created_on.month - 1) // 3 + 1}"
        quarters[quarter][0] += 1
        quarters[quarter][1] += tiers[deal.id] != "direct"
    activity = report.activation.quarters
    assert {q.quarter: [q.created, q.attached] for q in activity} == dict(quarters)
    assert all(q.attach_rate.value == q.attached / q.created for q in activity)
    # The plant holds deals each rule decides: late and future touches that would otherwise have made co-sell.
    assert {"co_sell", "influence", "direct"} <= {tier for (tier, _) in shown}
