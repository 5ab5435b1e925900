"""A small program for the program tests: two partners with deals and touches, an attribution run, and a
principal of each role that acts on MDF, tiers and health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from partnerops.attribution.service import run_attribution
from partnerops.domain.roles import Principal, Role
from partnerops.store.tables import accounts, currency_rates, opportunities, partners, touches

ACME, BOLT = 1, 2
MANAGER = Principal(0, "manager@example.com", Role.PARTNER_MANAGER)
FINANCE = Principal(0, "finance@example.com", Role.FINANCE)
SALES = Principal(0, "sales@example.com", Role.SALES)
ACME_USER = Principal(10, "ana@acme.example", Role.PARTNER_USER, ACME)
BOLT_USER = Principal(11, "bo@bolt.example", Role.PARTNER_USER, BOLT)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def deal(id_: int, created: date, outcome: str, amount: int, currency: str = "USD") -> dict[str, object]:
    """A deal of `amount` major units, closed 30 days after creation unless open."""
    closed = created + timedelta(days=30) if outcome != "open" else None
    return {"id": id_, "source_system": "csv", "external_id": f"O{id_}", "account_id": 1, "name": f"Deal {id_}",
            "amount_minor": amount * 100, "currency": currency, "stage": outcome, "outcome": outcome,
            "created_on": created, "closed_on": closed}  # fmt: skip


def co_sell(touch_id: int, partner: int, opportunity: dict[str, object]) -> list[dict[str, object]]:
    """Two qualifying touches inside the deal's life: the partner is co-sell on it."""
    created = opportunity["created_on"]
    assert isinstance(created, date)
    return [
        {"id": touch_id + step, "source_system": "csv", "external_id": f"T{touch_id + step}", "partner_id": partner,
         "opportunity_id": opportunity["id"], "type": kind, "touched_on": created + timedelta(days=1 + step),
         "status": "confirmed"}
        for step, kind in enumerate(("poc", "joint_call"))
    ]  # fmt: skip


def seed_partners(engine: Engine, acme_tier: str | None = "silver", bolt_tier: str | None = "gold") -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": ACME, "source_system": "csv", "external_id": "P-ACME", "name": "Acme Cloud", "type": "technology",
             "tier": acme_tier, "stage": "enable"},
            {"id": BOLT, "source_system": "csv", "external_id": "P-BOLT", "name": "Bolt Systems", "type": "si",
             "tier": bolt_tier, "stage": "co_sell"},
        ])  # fmt: skip
        c.execute(insert(accounts).values(id=1, source_system="csv", external_id="A1", name="Initech"))
        c.execute(insert(currency_rates).values(currency="EUR", quote_currency="USD", valid_on=date(2020, 1, 1),
                                                rate="1.25"))  # fmt: skip


def seed_deals(engine: Engine, deals: list[dict[str, object]], worked_by: dict[int, tuple[int, ...]]) -> None:
    """`worked_by` maps a deal id to the partners that are co-sell on it; then attribution runs."""
    by_id = {int(str(d["id"])): d for d in deals}
    rows = [t for deal_id, ps in worked_by.items() for i, p in enumerate(ps) for t in co_sell(deal_id * 10 + i * 2,
            p, by_id[deal_id])]  # fmt: skip
    with engine.begin() as c:
        c.execute(insert(opportunities), deals)
        if rows:
            c.execute(insert(touches), rows)
    run_attribution(engine)
