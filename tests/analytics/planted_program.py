"""A planted partner program written straight into the store: deals created over the last 400 days, a third still
open, and touches around each deal, some after its (expected) close and some in the coming weeks. Tests recount
figures over these rows in plain Python."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from partnerops.store.tables import accounts, opportunities, partners, touches

TODAY = datetime.now(UTC).date()
STAGES = ("Discovery", "Proposal", "Negotiation")
# Everyday activity only: none of these types can source a deal, so a partner's tier is its count of touches.
KINDS = ("poc", "joint_call", "discovery", "intel")
ACCOUNTS = tuple((segment, region) for segment in ("SMB", "Mid-market", "Enterprise") for region in ("EMEA", "AMER"))


@dataclass(frozen=True)
class Deal:
    id: int
    account_id: int
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
    """`count` deals (an open one's expected close before or after today, or none) and four touches per deal."""
    rng = random.Random(seed)
    deals = []
    for deal_id in range(1, count + 1):
        created = TODAY - timedelta(days=rng.randint(1, 400))
        outcome = rng.choice(("open", "won", "lost"))
        closed = min(created + timedelta(days=rng.randint(0, 120)), TODAY) if outcome != "open" else None
        expected = rng.choice((None, created + timedelta(days=rng.randint(10, 500)))) if outcome == "open" else None
        stage = rng.choice(STAGES) if outcome == "open" else f"Closed {outcome.title()}"
        account = rng.randint(1, len(ACCOUNTS))
        amount = rng.randint(1_000, 400_000) * 100
        deals.append(Deal(deal_id, account, outcome, stage, amount, created, closed, expected))
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
        c.execute(
            insert(accounts),
            [
                {**source, "id": i, "external_id": f"A{i}", "name": f"A{i}", "segment": segment, "region": region}
                for i, (segment, region) in enumerate(ACCOUNTS, 1)
            ],
        )
        c.execute(
            insert(partners),
            [{**source, "id": p, "external_id": f"P{p}", "name": f"Partner {p}", "type": "si"} for p in range(1, 7)],
        )
        c.execute(insert(opportunities), [_deal_row(deal) for deal in deals])
        c.execute(insert(touches), [_touch_row(touch) for touch in planted])


def _deal_row(deal: Deal) -> dict[str, object]:
    return {"source_system": "planted", "external_id": f"O{deal.id}", "id": deal.id, "account_id": deal.account_id,
            "name": f"deal {deal.id}", "amount_minor": deal.amount_minor, "currency": "USD", "stage": deal.stage,
            "outcome": deal.outcome, "created_on": deal.created_on, "closed_on": deal.closed_on,
            "expected_close_on": deal.expected_close_on}  # fmt: skip


def _touch_row(touch: Touch) -> dict[str, object]:
    return {"source_system": "planted", "external_id": f"T{touch.id}", "id": touch.id, "partner_id": touch.partner_id,
            "opportunity_id": touch.deal_id, "type": touch.kind, "touched_on": touch.touched_on,
            "status": touch.status}  # fmt: skip
