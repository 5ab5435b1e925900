"""Deal registrations as the queue and the portal show them: the service's rows, with partner names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import Principal
from partnerops.registrations.model import Registration
from partnerops.registrations.service import get_registration, list_registrations
from partnerops.store.tables import partners


@dataclass(frozen=True)
class RegistrationView:
    registration: Registration
    partner: str

    def time_left(self, now: datetime) -> str:
        return format_time_left(self.registration.respond_by - now)


def registration_views(
    engine: Engine, principal: Principal, status: RegistrationStatus | None
) -> list[RegistrationView]:
    """The registrations the principal may see (scoped by the service), the most urgent answer first."""
    found = sorted(list_registrations(engine, principal, status), key=lambda r: (r.respond_by, r.id))
    with engine.connect() as connection:
        names = _partner_names(connection, {r.partner_id for r in found})
    return [RegistrationView(r, names[r.partner_id]) for r in found]


def registration_view(engine: Engine, principal: Principal, registration_id: int) -> RegistrationView:
    """One registration the principal may see; another partner's raises `RegistrationNotFound`."""
    found = get_registration(engine, principal, registration_id)
    with engine.connect() as connection:
        return RegistrationView(found, _partner_names(connection, {found.partner_id})[found.partner_id])


def format_time_left(left: timedelta) -> str:
    """'3 h 20 min left' or 'overdue by 1 d 2 h'."""
    hours, seconds = divmod(int(abs(left).total_seconds()), 3600)
    days, hours = divmod(hours, 24)
    text = f"{days} d {hours} h" if days else f"{hours} h {seconds // 60} min"
    return f"{text} left" if left >= timedelta(0) else f"overdue by {text}"


def _partner_names(connection: Connection, ids: set[int]) -> dict[int, str]:
    rows = connection.execute(select(partners.c.id, partners.c.name).where(partners.c.id.in_(ids)))
    return {int(row.id): str(row.name) for row in rows}
