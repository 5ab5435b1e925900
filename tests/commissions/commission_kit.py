"""A small program for commission tests: partners, won deals with the touches that give each partner its tier,
a plan document, rates, and the attribution run commissions read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, func, insert, select

from partnerops.attribution.service import run_attribution
from partnerops.commissions.plan import CommissionPlan, parse_plan
from partnerops.commissions.plan_repo import load_plan
from partnerops.domain.money import Money
from partnerops.store.tables import accounts, currency_rates, opportunities, partners, touches

ALPHA, BRAVO = 1, 2
ACTOR = "finance@example.com"
# How each tier is earned under the default attribution policy.
TIER_TOUCHES = {
    "sourced": ("deal_registration",),
    "co_sell_active": ("discovery", "joint_call"),
    "co_sell_passive": ("discovery", "intel"),
    "influence": ("intel",),
}


def plan_text(version: str = "2026.1", effective_from: str = "2026-01-01", method: str = "marginal",
              extra: str = "") -> str:
    return f"""
version: "{version}"
effective_from: {effective_from}
currency: USD
method: {method}
bands:
  - {{from: 0, rate: 0.20}}
  - {{from: 50000, rate: 0.40}}
clawback_days: 90
{extra}
"""


def make_plan(**kwargs: str) -> CommissionPlan:
    return parse_plan(plan_text(**kwargs), "test plan")


def seed_partners(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": ALPHA, "source_system": "csv", "external_id": "PA", "name": "Alpha Cloud", "type": "technology"},
            {"id": BRAVO, "source_system": "csv", "external_id": "PB", "name": "Bravo Systems", "type": "si"},
        ])  # fmt: skip


@dataclass
class Deals:
    """Adds won deals one by one; each deal gets its own account."""

    engine: Engine
    next_id: int = 1

    def won(self, amount: str, closed_on: date, tiers: dict[int, str], currency: str = "USD",
            name: str = "Platform deal") -> int:
        deal_id = self.next_id
        self.next_id += 1
        created = closed_on - timedelta(days=60)
        minor = Money(Decimal(amount), currency).minor
        with self.engine.begin() as c:
            c.execute(insert(accounts).values(id=deal_id, source_system="csv", external_id=f"A{deal_id}",
                                              name=f"Customer {deal_id}"))
            c.execute(insert(opportunities).values(
                id=deal_id, source_system="csv", external_id=f"O{deal_id}", account_id=deal_id, name=name,
                amount_minor=minor, currency=currency, stage="Closed Won", outcome="won", created_on=created,
                closed_on=closed_on,
            ))  # fmt: skip
            for partner_id, tier in tiers.items():
                _touches(c, deal_id, partner_id, TIER_TOUCHES[tier], created)
        return deal_id


def _touches(c: Connection, deal_id: int, partner_id: int, types: tuple[str, ...], created: date) -> None:
    start = int(c.execute(select(func.count()).select_from(touches)).scalar_one())
    c.execute(insert(touches), [
        {"source_system": "csv", "external_id": f"T{start + i}", "partner_id": partner_id, "opportunity_id": deal_id,
         "type": kind, "touched_on": created + timedelta(days=1 + i), "status": "confirmed"}
        for i, kind in enumerate(types)
    ])  # fmt: skip


def add_rate(engine: Engine, currency: str, rate: str, valid_on: date) -> None:
    with engine.begin() as c:
        c.execute(insert(currency_rates).values(currency=currency, quote_currency="USD", valid_on=valid_on, rate=rate))


def load(engine: Engine, plan: CommissionPlan) -> None:
    with engine.begin() as c:
        load_plan(c, plan, "test plan", ACTOR)


def attribute(engine: Engine) -> None:
    run_attribution(engine)
