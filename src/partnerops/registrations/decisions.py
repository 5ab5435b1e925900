"""A partner manager's decision on a pending registration: approve (attach the deal, credit the partner)
or reject with a reason. Each is audited and the partner is told by mail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from partnerops.domain.registration_rules import Conflict, RegistrationStatus
from partnerops.domain.roles import Principal
from partnerops.registrations import repository
from partnerops.registrations.access import require_decider
from partnerops.registrations.approval import attach_opportunity, record_registration_touch
from partnerops.registrations.errors import InvalidTransition, ReasonRequired
from partnerops.registrations.model import Registration
from partnerops.registrations.notices import notify
from partnerops.registrations.submission import REGISTRATIONS_LOCK, competing_registrations
from partnerops.store.locks import lock_name, lock_row
from partnerops.store.registration_tables import registrations

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules


def approve(engine: Engine, principal: Principal, registration_id: int, rules: RegistrationRules, now: datetime,
            override_reason: str | None = None) -> Registration:
    """Approve a pending registration. While another partner's registration for the same company is live, only an
    explicit override with a reason approves it (audited with that reason)."""
    require_decider(principal, "approving a registration")
    with engine.begin() as conn:
        lock_name(conn, REGISTRATIONS_LOCK)
        registration = _pending(conn, principal, registration_id, "approve", now)
        reason = _override(registration, competing_registrations(conn, registration, rules, now), override_reason)
        account_id, opportunity_id = attach_opportunity(conn, registration, now)
        record_registration_touch(conn, registration, opportunity_id, principal.email, now)
        changes = {"status": (registration.status.value, RegistrationStatus.APPROVED.value),
                   "account_id": (registration.account_id, account_id),
                   "opportunity_id": (registration.opportunity_id, opportunity_id)}
        return _decide(conn, principal, registration, changes, reason, now)


def _override(registration: Registration, competing: tuple[Conflict, ...], override_reason: str | None) -> str | None:
    """The audit reason of an approval over live competing registrations; refused without an override."""
    if not competing:
        return None
    details = "; ".join(c.detail for c in competing)
    if not override_reason or not override_reason.strip():
        raise InvalidTransition(registration.id, registration.status, "approve",
                                f"{details}: approve with an override and a reason to go ahead")
    return f"approved over a live competing registration ({details}): {override_reason.strip()}"


def reject(engine: Engine, principal: Principal, registration_id: int, reason: str, now: datetime) -> Registration:
    require_decider(principal, "rejecting a registration")
    if not reason or not reason.strip():
        raise ReasonRequired(registration_id)
    with engine.begin() as conn:
        lock_row(conn, registrations, registration_id)
        registration = _pending(conn, principal, registration_id, "reject", now)
        changes = {"status": (registration.status.value, RegistrationStatus.REJECTED.value)}
        return _decide(conn, principal, registration, changes, reason.strip(), now)


def _pending(conn: Connection, principal: Principal, registration_id: int, action: str,
             now: datetime) -> Registration:
    registration = repository.fetch(conn, principal, registration_id, now)
    if registration.status is not RegistrationStatus.PENDING:
        raise InvalidTransition(registration_id, registration.status, action)
    if registration.expires_on < now.date():
        raise InvalidTransition(registration_id, registration.status, action,
                                f"it expired on {registration.expires_on.isoformat()}")
    return registration


def _decide(conn: Connection, principal: Principal, registration: Registration,
            changes: Mapping[str, tuple[object, object]], reason: str | None, now: datetime) -> Registration:
    values = {field: new for field, (_, new) in changes.items()}
    repository.change(conn, registration.id, values | {
        "decided_at": now, "decided_by": repository.user_reference(conn, principal), "decision_reason": reason})
    repository.audit(conn, registration.id, changes, principal.email, now, reason)
    decided = repository.fetch(conn, principal, registration.id, now)
    notify(conn, decided, decided.status.value, now)
    return decided
