"""The life of a registration after submission: a partner asks for more time, a manager grants it, and
registrations past their expiry lapse."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select

from partnerops.domain.registration_rules import RegistrationStatus, is_live
from partnerops.domain.roles import Principal
from partnerops.registrations import repository
from partnerops.registrations.access import require_decider, require_own_partner
from partnerops.registrations.errors import InvalidTransition
from partnerops.registrations.model import Registration
from partnerops.registrations.notices import notify
from partnerops.registrations.submission import REGISTRATIONS_LOCK
from partnerops.store.locks import lock_name, lock_row
from partnerops.store.registration_tables import registrations

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules

SYSTEM_ACTOR = "registration expiry"


def request(engine: Engine, principal: Principal, registration_id: int, now: datetime) -> Registration:
    with engine.begin() as conn:
        lock_row(conn, registrations, registration_id)  # one request at a time: a double click asks once
        registration = repository.fetch(conn, principal, registration_id, now)
        require_own_partner(principal, registration.partner_id, "requesting an extension")
        if not is_live(registration.status, registration.expires_on, now.date()):
            raise InvalidTransition(registration_id, registration.status, "request an extension",
                                    f"it is {registration.status.value}, expiring {registration.expires_on}")
        if registration.extension_requested_at is not None:
            raise InvalidTransition(registration_id, registration.status, "request an extension",
                                    "an extension is already requested")
        repository.change(conn, registration_id, {"extension_requested_at": now})
        repository.audit(conn, registration_id, {"extension_requested_at": (None, now.isoformat())},
                         principal.email, now)
        return repository.fetch(conn, principal, registration_id, now)


def grant(engine: Engine, principal: Principal, registration_id: int, rules: RegistrationRules,
          now: datetime) -> Registration:
    require_decider(principal, "granting an extension")
    with engine.begin() as conn:
        lock_row(conn, registrations, registration_id)  # two managers granting at once extend it once
        registration = repository.fetch(conn, principal, registration_id, now)
        if registration.extension_requested_at is None:
            raise InvalidTransition(registration_id, registration.status, "grant an extension",
                                    "the partner has not requested one")
        if not registration.awaits_extension:
            raise InvalidTransition(registration_id, registration.status, "grant an extension")
        expires_on = registration.expires_on + timedelta(days=rules.extension_days)
        repository.change(conn, registration_id, {"expires_on": expires_on, "extension_requested_at": None})
        repository.audit(conn, registration_id, {"expires_on": (registration.expires_on, expires_on)},
                         principal.email, now, f"extension of {rules.extension_days} days granted")
        extended = repository.fetch(conn, principal, registration_id, now)
        notify(conn, extended, "extended", now)
        return extended


def expire(engine: Engine, now: datetime) -> list[int]:
    """Mark every pending or approved registration whose expiry date has passed as expired; their ids."""
    live = (RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value)
    with engine.begin() as conn:
        # Serialised with submissions and approvals: a registration is approved or expired, never both.
        lock_name(conn, REGISTRATIONS_LOCK)
        due = list(conn.scalars(select(registrations.c.id).where(
            registrations.c.status.in_(live), registrations.c.expires_on < now.date()).order_by(registrations.c.id)))
        for registration_id in due:
            _expire_one(conn, registration_id, now)
    return due


def _expire_one(conn: Connection, registration_id: int, now: datetime) -> None:
    before = repository.load(conn, registration_id, now)
    repository.change(conn, registration_id, {"status": RegistrationStatus.EXPIRED.value})
    repository.audit(conn, registration_id, {"status": (before.status.value, RegistrationStatus.EXPIRED.value)},
                     SYSTEM_ACTOR, now, f"expired on {before.expires_on.isoformat()}")
    notify(conn, repository.load(conn, registration_id, now), "expired", now)
