"""Two partners with separate and shared deals, a user of every role with an API token, and a finished run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import ModuleType

from sqlalchemy import Engine, insert, text

from partnerops.attribution.service import run_attribution
from partnerops.auth.tokens import create_token
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities, partners, touches

PASSWORD = "correct horse battery staple"

# Strings that exist only in partner B's data: none may reach a user of partner A.
B_MARKERS = ("Bravo Partners", "Banana Corp", "Banana renewal", "bravo-evidence", "PARTNER-BRAVO", "ACCT-BANANA",
             "OPP-BANANA", "TOUCH-BRAVO", "Cherry Prospect", "bravo-notes")  # fmt: skip


@dataclass
class World:
    partner_a: int = 1
    partner_b: int = 2
    account_a: int = 1
    account_b: int = 2
    account_shared: int = 3
    opportunity_a: int = 1
    opportunity_b: int = 2
    opportunity_shared: int = 3
    touch_a: int = 1
    touch_b: int = 2
    touch_shared_b: int = 4
    registration_b: int = 1
    # How users name them, and so what every API path, filter, body and answer carries: their external ids.
    partner_a_ref: str = "PA"
    partner_b_ref: str = "PARTNER-BRAVO"
    account_a_ref: str = "AA-1"
    account_b_ref: str = "ACCT-BANANA"
    account_shared_ref: str = "AS-1"
    opportunity_a_ref: str = "OA-1"
    opportunity_b_ref: str = "OPP-BANANA"
    opportunity_shared_ref: str = "OS-1"
    tokens: dict[str, str] = field(default_factory=dict)
    # Ids of each area's records, seeded by the area modules (tests/api/area_*.py).
    extras: dict[str, int] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def _opportunity(id_: int, ext: str, account: int, name: str, outcome: str) -> dict[str, object]:
    closed = date(2026, 4, 30) if outcome != "open" else None
    return {
        "id": id_, "source_system": "salesforce", "external_id": ext, "account_id": account, "name": name,
        "amount_minor": 5_000_000, "currency": "USD", "stage": "Closed Won" if outcome == "won" else "Negotiation",
        "outcome": outcome, "created_on": date(2026, 1, 10), "closed_on": closed,
    }  # fmt: skip


def _touch(id_: int, ext: str, partner: int, opportunity: int, kind: str, evidence: str) -> dict[str, object]:
    return {
        "id": id_, "source_system": "csv", "external_id": ext, "partner_id": partner, "opportunity_id": opportunity,
        "type": kind, "touched_on": date(2026, 2, 1 + id_), "status": "confirmed", "evidence": evidence,
    }  # fmt: skip


def _seed_records(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": 1, "source_system": "csv", "external_id": "PA", "name": "Alpha Partners", "type": "technology"},
            {"id": 2, "source_system": "csv", "external_id": "PARTNER-BRAVO", "name": "Bravo Partners", "type": "si"},
        ])  # fmt: skip
        c.execute(insert(accounts), [
            {"id": 1, "source_system": "salesforce", "external_id": "AA-1", "name": "Apple Corp"},
            {"id": 2, "source_system": "salesforce", "external_id": "ACCT-BANANA", "name": "Banana Corp"},
            {"id": 3, "source_system": "salesforce", "external_id": "AS-1", "name": "Shared Co"},
        ])  # fmt: skip
        c.execute(insert(opportunities), [
            _opportunity(1, "OA-1", 1, "Apple platform", "won"),
            _opportunity(2, "OPP-BANANA", 2, "Banana renewal", "lost"),
            _opportunity(3, "OS-1", 3, "Shared rollout", "open"),
        ])  # fmt: skip
        c.execute(insert(touches), [
            _touch(1, "TA-1", 1, 1, "executive_intro", "alpha-evidence"),
            _touch(2, "TOUCH-BRAVO-1", 2, 2, "poc", "bravo-evidence"),
            _touch(3, "TA-2", 1, 3, "joint_call", "alpha-evidence"),
            _touch(4, "TOUCH-BRAVO-2", 2, 3, "technical_validation", "bravo-evidence"),
            _touch(5, "TOUCH-BRAVO-3", 2, 3, "poc", "bravo-evidence"),
        ])  # fmt: skip


def _seed_registration(engine: Engine) -> None:
    """Partner B's pending registration of a prospect nobody else has."""
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(insert(registrations).values(
            id=1, partner_id=2, company_name="Cherry Prospect", domain="cherry.example", notes="bravo-notes",
            estimated_amount_minor=2_500_000, currency="USD", estimated_close_on=date(2026, 9, 30), status="pending",
            conflicts=[], rules_version="tests", submitted_at=now, respond_by=now + timedelta(days=2),
            expires_on=date(2026, 12, 31),
        ))  # fmt: skip


ROLES = {
    "admin": (Role.ADMIN, None),
    "manager": (Role.PARTNER_MANAGER, None),
    "sales": (Role.SALES, None),
    "finance": (Role.FINANCE, None),
    "partner_a": (Role.PARTNER_USER, "PA"),
    "partner_b": (Role.PARTNER_USER, "PARTNER-BRAVO"),
}


SIGN_IN = frozenset({"partner_a"})


def _advance_sequences(engine: Engine) -> None:
    """PostgreSQL: explicit ids leave the id sequences behind; move them past the seeded rows."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as c:
        for table in ("partners", "accounts", "opportunities", "touches", "registrations"):
            c.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def build_world(engine: Engine) -> World:
    _seed_records(engine)
    _seed_registration(engine)
    _advance_sequences(engine)
    run_attribution(engine)
    world = World()
    with engine.begin() as connection:
        for who, (role, partner) in ROLES.items():
            # argon2 is slow by design: only the users that sign in with a password get one.
            password = PASSWORD if who in SIGN_IN else None
            user = add_user(connection, f"{who}@example.com", role, partner_external_id=partner, password=password)
            world.tokens[who] = create_token(connection, user.id, "tests")
    for area in areas():
        area.seed(engine, world)
    return world


def areas() -> tuple[ModuleType, ...]:
    """The feature areas that add their own records and probes to the world (imported late: they import this)."""
    from api import (
        area_assistant,
        area_commissions,
        area_conflicts,
        area_mapping,
        area_program,
        area_psi,
        area_routing,
        area_signals,
    )

    return (area_signals, area_mapping, area_psi, area_commissions, area_program, area_assistant, area_conflicts,
            area_routing)


def b_markers() -> tuple[str, ...]:
    """Every string only partner B's data carries, the areas' included."""
    return B_MARKERS + tuple(marker for area in areas() for marker in area.MARKERS)
