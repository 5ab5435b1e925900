"""SLA reminders: a pending registration past its response deadline is mailed once to the partner managers
(and admins) who decide registrations, in the transaction that records the reminder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, insert, select

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import Role
from partnerops.mail.queue import enqueue
from partnerops.store.job_tables import sla_reminders
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import partners, users

__all__ = ["remind_overdue"]

DECIDERS = (Role.PARTNER_MANAGER.value, Role.ADMIN.value)


def remind_overdue(engine: Engine, now: datetime, base_url: str) -> dict[str, int]:
    """Queue one reminder per overdue registration not reminded before; counts registrations and mails."""
    with engine.begin() as conn:
        overdue = conn.execute(_not_reminded(now)).all()
        deciders = _deciders(conn)
        for row in overdue:
            conn.execute(insert(sla_reminders).values(registration_id=row.id, sent_at=now))
            for address in deciders:
                enqueue(conn, address, _subject(row), _body(row, base_url), now)
    return {"reminded": len(overdue), "mails": len(overdue) * len(deciders)}


def _not_reminded(now: datetime) -> Select[Any]:
    r = registrations.c
    done = select(sla_reminders.c.registration_id)
    return (select(r.id, r.company_name, r.respond_by, partners.c.name.label("partner"))
            .join(partners, partners.c.id == r.partner_id)
            .where(r.status == RegistrationStatus.PENDING.value, r.respond_by < now, r.id.not_in(done))
            .order_by(r.id))  # fmt: skip


def _deciders(conn: Connection) -> list[str]:
    u = users.c
    query = select(u.email).where(u.role.in_(DECIDERS), u.disabled_at.is_(None), u.deleted_at.is_(None))
    return [str(email) for email in conn.execute(query.order_by(u.email)).scalars()]


def _subject(row: Row[Any]) -> str:
    return f"Deal registration {row.id} for {row.company_name} awaits a decision"


def _body(row: Row[Any], base_url: str) -> str:
    return (f"{row.partner} registered {row.company_name} (registration {row.id}); the answer was due by "
            f"{row.respond_by:%Y-%m-%d %H:%M} UTC.\n\nDecide it at {base_url.rstrip('/')}/registrations\n")
