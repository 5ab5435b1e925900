"""A small partner program for the page tests: two partners, their deals and touches, a manager and one user
per partner, and a registration by each partner, with names a test can look for in a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import ModuleType

from sqlalchemy import Engine, insert

from partnerops.attribution.service import run_attribution
from partnerops.auth.users import add_user
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.registrations.model import RegistrationInput
from partnerops.registrations.service import submit_registration
from partnerops.store.tables import accounts, opportunities, partners, touches

PASSWORD = "correct horse battery staple"
MANAGER = "manager@partnerops.test"
ALPHA_USER = "ana@alpha.test"
BRAVO_USER = "bruno@bravo.test"
ALPHA, BRAVO = 1, 2
# Names only partner B's data carries: none may appear on a page partner A's user sees.
BRAVO_SECRETS = ("Bravo Systems", "Umbrella", "Bravo Secret Prospect", "bravo-evidence")


@dataclass(frozen=True)
class World:
    alpha_registration: int
    bravo_registration: int
    bravo_claimed_touch: int
    alpha_claimed_touch: int
    # Path parameter values naming partner B's records in each feature area (tests/web/area_*.py).
    extras: dict[str, int] = field(default_factory=dict)


def seed_world(engine: Engine) -> World:
    today = date.today()
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": ALPHA, "source_system": "csv", "external_id": "PA", "name": "Alpha Cloud", "type": "technology",
             "tier": "gold", "stage": "co_sell"},
            {"id": BRAVO, "source_system": "csv", "external_id": "PB", "name": "Bravo Systems", "type": "si",
             "tier": "silver", "stage": "enable"},
        ])  # fmt: skip
        c.execute(insert(accounts), [
            {"id": 1, "source_system": "csv", "external_id": "A1", "name": "Initech", "domain": "initech.test"},
            {"id": 2, "source_system": "csv", "external_id": "A2", "name": "Umbrella", "domain": "umbrella.test"},
            {"id": 3, "source_system": "csv", "external_id": "A3", "name": "Hooli", "domain": "hooli.test"},
            {"id": 4, "source_system": "csv", "external_id": "A4", "name": "Vandelay", "domain": "vandelay.test"},
        ])  # fmt: skip
        c.execute(insert(opportunities), _opportunities(today))
        c.execute(insert(touches), _touches(today))
        for email, role, partner in ((MANAGER, Role.PARTNER_MANAGER, None), (ALPHA_USER, Role.PARTNER_USER, "PA"),
                                     (BRAVO_USER, Role.PARTNER_USER, "PB")):  # fmt: skip
            add_user(c, email, role, partner_external_id=partner, password=PASSWORD)
    run_attribution(engine)
    world = World(
        alpha_registration=_register(engine, ALPHA, "Alpha Known Prospect", today),
        bravo_registration=_register(engine, BRAVO, "Bravo Secret Prospect", today),
        bravo_claimed_touch=12,
        alpha_claimed_touch=11,
    )
    for area in areas():
        world.extras.update(area.seed(engine))
    return world


def areas() -> tuple[ModuleType, ...]:
    """The feature areas that add partner B's records of their own (imported late: they may import this)."""
    from web import (
        area_assistant,
        area_commissions,
        area_conflicts,
        area_mapping,
        area_portal,
        area_program,
        area_routing,
        area_signals,
        area_users,
    )

    return (area_signals, area_mapping, area_commissions, area_program, area_assistant, area_conflicts, area_users,
            area_portal, area_routing)


def bravo_secrets() -> tuple[str, ...]:
    return BRAVO_SECRETS + tuple(secret for area in areas() for secret in area.SECRETS)


def _register(engine: Engine, partner_id: int, company: str, today: date) -> int:
    user_id = 2 if partner_id == ALPHA else 3
    principal = Principal(user_id, "seed@partnerops.test", Role.PARTNER_USER, partner_id)
    form = RegistrationInput(company, Money(Decimal("50000"), "USD"), today + timedelta(days=60))
    return submit_registration(engine, principal, form).id


def _opportunities(today: date) -> list[dict[str, object]]:
    def deal(id_: int, account: int, name: str, days_ago: int, outcome: str) -> dict[str, object]:
        created = today - timedelta(days=days_ago)
        closed = None if outcome == "open" else created + timedelta(days=30)
        return {"id": id_, "source_system": "csv", "external_id": f"O{id_}", "account_id": account, "name": name,
                "amount_minor": 10_000_000 + id_ * 100_000, "currency": "USD", "stage": outcome, "outcome": outcome,
                "created_on": created, "closed_on": closed}  # fmt: skip

    return [
        deal(1, 1, "Initech platform", 200, "won"), deal(2, 1, "Initech expansion", 150, "lost"),
        deal(3, 2, "Umbrella rollout", 200, "won"), deal(4, 2, "Umbrella renewal", 120, "lost"),
        deal(5, 3, "Hooli direct", 190, "won"), deal(6, 3, "Hooli second", 170, "lost"),
        deal(7, 3, "Hooli third", 160, "lost"), deal(8, 4, "Vandelay import", 20, "open"),
    ]  # fmt: skip


def _touches(today: date) -> list[dict[str, object]]:
    def touch(id_: int, partner: int, opp: int, kind: str, days_ago: int, status: str = "confirmed",
              evidence: str | None = None) -> dict[str, object]:  # fmt: skip
        return {"id": id_, "source_system": "csv", "external_id": f"T{id_}", "partner_id": partner,
                "opportunity_id": opp, "type": kind, "touched_on": today - timedelta(days=days_ago),
                "status": status, "evidence": evidence, "actor": "seed"}  # fmt: skip

    return [
        touch(1, ALPHA, 1, "poc", 190), touch(2, ALPHA, 1, "joint_call", 185), touch(3, ALPHA, 2, "intel", 140),
        touch(4, BRAVO, 3, "poc", 190), touch(5, BRAVO, 3, "joint_call", 180), touch(6, BRAVO, 4, "intel", 110),
        touch(11, ALPHA, 2, "technical_validation", 130, "claimed", "alpha-evidence"),
        touch(12, BRAVO, 4, "rfp_support", 100, "claimed", "bravo-evidence"),
    ]  # fmt: skip
