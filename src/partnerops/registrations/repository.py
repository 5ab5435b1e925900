"""Reading and writing registration rows, and their audit trail (entity "registration")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, select, update

from partnerops.domain.money import Money
from partnerops.domain.registration_rules import Conflict, RegistrationStatus, is_overdue
from partnerops.domain.roles import Principal
from partnerops.registrations.errors import RegistrationNotFound
from partnerops.registrations.model import Registration
from partnerops.store.audit import record_field_changes
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import users

ENTITY = "registration"


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive timestamps; every timestamp we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _optional_utc(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment else None


def to_registration(row: Mapping[Any, Any], now: datetime) -> Registration:
    status = RegistrationStatus(row["status"])
    respond_by = as_utc(row["respond_by"])
    amount = row["estimated_amount_minor"]
    return Registration(
        id=row["id"], partner_id=row["partner_id"], submitted_by=row["submitted_by"],
        company_name=row["company_name"], domain=row["domain"], contact_name=row["contact_name"],
        contact_email=row["contact_email"],
        estimated_amount=Money.from_minor(amount, row["currency"]) if amount is not None else None,
        estimated_close_on=row["estimated_close_on"], notes=row["notes"], status=status,
        account_id=row["account_id"], opportunity_id=row["opportunity_id"],
        conflicts=tuple(Conflict.from_json(c) for c in row["conflicts"]), rules_version=row["rules_version"],
        submitted_at=as_utc(row["submitted_at"]), respond_by=respond_by, expires_on=row["expires_on"],
        extension_requested_at=_optional_utc(row["extension_requested_at"]),
        decided_at=_optional_utc(row["decided_at"]), decided_by=row["decided_by"],
        decision_reason=row["decision_reason"], overdue=is_overdue(status, respond_by, now),
    )


def visible_to(principal: Principal) -> Select[Any]:
    """Registrations the principal may see: a partner user only its partner's."""
    query = select(registrations)
    if principal.is_partner:
        query = query.where(registrations.c.partner_id == principal.partner_id)
    return query


def fetch(conn: Connection, principal: Principal, registration_id: int, now: datetime) -> Registration:
    row = conn.execute(visible_to(principal).where(registrations.c.id == registration_id)).mappings().first()
    if row is None:
        raise RegistrationNotFound(registration_id)
    return to_registration(row, now)


def load(conn: Connection, registration_id: int, now: datetime) -> Registration:
    """Any registration by id, for system work that acts for no principal."""
    row = conn.execute(select(registrations).where(registrations.c.id == registration_id)).mappings().first()
    if row is None:
        raise RegistrationNotFound(registration_id)
    return to_registration(row, now)


def insert(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(registrations.insert().values(**values).returning(registrations.c.id)).scalar_one())


def change(conn: Connection, registration_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(registrations).where(registrations.c.id == registration_id).values(**values))


def user_reference(conn: Connection, principal: Principal) -> int | None:
    """The principal's user id when it has a user row (the command line's operator may not)."""
    found = conn.execute(select(users.c.id).where(users.c.id == principal.user_id)).scalar_one_or_none()
    return int(found) if found is not None else None


def user_email(conn: Connection, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return conn.execute(select(users.c.email).where(users.c.id == user_id)).scalar_one_or_none()


def audit(conn: Connection, registration_id: int, changes: Mapping[str, tuple[object, object]], actor: str,
          at: datetime, reason: str | None = None) -> None:
    """One audit row per changed field: (old, new) as text."""
    record_field_changes(conn, ENTITY, registration_id, changes, actor, at, reason)

