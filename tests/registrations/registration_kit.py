"""A small world for registration tests: two partners with a user each, a manager, and three accounts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, text

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.registrations.model import RegistrationInput
from partnerops.store.tables import accounts, opportunities, partners, users

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ACME_USER = Principal(1, "ana@acme-cloud.example", Role.PARTNER_USER, partner_id=1)
BOLT_USER = Principal(2, "bo@bolt-si.example", Role.PARTNER_USER, partner_id=2)
MANAGER = Principal(3, "mia@vendor.example", Role.PARTNER_MANAGER)
SALES = Principal(4, "sam@vendor.example", Role.SALES)


def seed_world(engine: Engine) -> None:
    """Globex (open deal), Initech (won customer), Hooli (no deals)."""
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": 1, "source_system": "csv", "external_id": "P1", "name": "Acme Cloud", "type": "technology"},
            {"id": 2, "source_system": "csv", "external_id": "P2", "name": "Bolt SI", "type": "si"},
        ])
        c.execute(insert(users), [
            {"id": p.user_id, "email": p.email, "role": p.role.value, "partner_id": p.partner_id}
            for p in (ACME_USER, BOLT_USER, MANAGER, SALES)
        ])
        c.execute(insert(accounts), [
            {"id": 1, "source_system": "csv", "external_id": "A1", "name": "Globex Corp.", "domain": "globex.com"},
            {"id": 2, "source_system": "csv", "external_id": "A2", "name": "Initech", "domain": "initech.com"},
            {"id": 3, "source_system": "csv", "external_id": "A3", "name": "Hooli", "domain": "hooli.com"},
        ])
        c.execute(insert(opportunities), [
            deal(1, 1, date(2026, 1, 10), None, "open"),
            deal(2, 2, date(2025, 6, 1), date(2025, 9, 1), "won"),
        ])
        advance_sequences(c, "partners", "users", "accounts", "opportunities")


def advance_sequences(conn: Connection, *tables: str) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's id sequences behind; move them past the rows."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def deal(id_: int, account_id: int, created: date, closed: date | None, outcome: str) -> dict[str, object]:
    return {"id": id_, "source_system": "csv", "external_id": f"O{id_}", "account_id": account_id,
            "name": f"deal {id_}", "amount_minor": 500_000, "currency": "USD", "stage": "x", "outcome": outcome,
            "created_on": created, "closed_on": closed}


def form(company: str, domain: str | None = None, partner_id: int | None = None,
         contact_email: str | None = None) -> RegistrationInput:
    return RegistrationInput(company_name=company, estimated_amount=Money(Decimal("25000.00"), "USD"),
                             estimated_close_on=date(2026, 6, 30), domain=domain, contact_name="Pat Doe",
                             contact_email=contact_email, notes="met at the summit", partner_id=partner_id)
