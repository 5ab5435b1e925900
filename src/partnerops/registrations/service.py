"""The deal registration service the API, the pages and the command line call. Every function takes the
principal asking; `now` and `rules` default to the current time and the shipped rules (tests inject them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import Principal
from partnerops.registrations import decisions, extensions, repository, submission
from partnerops.registrations.model import Registration, RegistrationInput
from partnerops.registrations.submission import Submitted
from partnerops.settings import get_settings
from partnerops.store.registration_tables import registrations

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules

__all__ = [
    "approve_registration", "expire_registrations", "get_registration", "grant_extension", "list_registrations",
    "reject_registration", "request_extension", "submit_registration", "submit_registration_once",
]


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def submit_registration(engine: Engine, principal: Principal, form: RegistrationInput, *,
                        rules: RegistrationRules | None = None, now: datetime | None = None,
                        reporting_currency: str | None = None) -> Registration:
    """Record a partner's claim as pending, with every conflict the rules find flagged on it. Its currency must
    have an exchange-rate path into the reporting currency (default: the settings')."""
    return submit_registration_once(engine, principal, form, None, rules=rules, now=now,
                                    reporting_currency=reporting_currency).registration


def submit_registration_once(engine: Engine, principal: Principal, form: RegistrationInput,
                             idempotency_key: str | None, *, rules: RegistrationRules | None = None,
                             now: datetime | None = None, reporting_currency: str | None = None) -> Submitted:
    """Submit, at most once per `idempotency_key` of the principal's: a retry with the same form answers the
    registration the key created (`replayed`); the same key with another form is IdempotencyKeyReused. A second
    live registration of the same company by the same partner, under a new key or none, is DuplicateRegistration."""
    currency = reporting_currency or get_settings().reporting_currency
    done = submission.submit(engine, principal, form, rules or _rules(), _now(now), currency, idempotency_key)
    return Submitted(done.registration.as_seen_by(principal), done.replayed)


def list_registrations(engine: Engine, principal: Principal, status: RegistrationStatus | None = None,
                       overdue: bool | None = None, *, now: datetime | None = None) -> list[Registration]:
    """Registrations the principal may see, newest first; `overdue` keeps only (or drops) overdue ones."""
    moment = _now(now)
    query = repository.visible_to(principal).order_by(registrations.c.submitted_at.desc(), registrations.c.id.desc())
    if status is not None:
        query = query.where(registrations.c.status == RegistrationStatus(status).value)
    with engine.connect() as conn:
        found = [
            repository.to_registration(row, moment).as_seen_by(principal) for row in conn.execute(query).mappings()
        ]
    return found if overdue is None else [r for r in found if r.overdue is overdue]


def get_registration(engine: Engine, principal: Principal, registration_id: int, *,
                     now: datetime | None = None) -> Registration:
    """One registration; another partner's is reported as not found."""
    with engine.connect() as conn:
        return repository.fetch(conn, principal, registration_id, _now(now)).as_seen_by(principal)


def approve_registration(engine: Engine, principal: Principal, registration_id: int, *,
                         override_reason: str | None = None, rules: RegistrationRules | None = None,
                         now: datetime | None = None) -> Registration:
    """Approve; refused (InvalidTransition) while another partner's registration for the company is live, unless
    `override_reason` says why it goes ahead anyway."""
    return decisions.approve(engine, principal, registration_id, rules or _rules(), _now(now),
                             override_reason).as_seen_by(principal)


def reject_registration(engine: Engine, principal: Principal, registration_id: int, reason: str, *,
                        now: datetime | None = None) -> Registration:
    return decisions.reject(engine, principal, registration_id, reason, _now(now)).as_seen_by(principal)


def request_extension(engine: Engine, principal: Principal, registration_id: int, *,
                      now: datetime | None = None) -> Registration:
    return extensions.request(engine, principal, registration_id, _now(now)).as_seen_by(principal)


def grant_extension(engine: Engine, principal: Principal, registration_id: int, *,
                    rules: RegistrationRules | None = None, now: datetime | None = None) -> Registration:
    return extensions.grant(engine, principal, registration_id, rules or _rules(), _now(now)).as_seen_by(principal)


def expire_registrations(engine: Engine, now: datetime | None = None) -> list[int]:
    """Lapse every registration past its expiry date; returns the ids that expired."""
    return extensions.expire(engine, _now(now))


def _rules() -> RegistrationRules:
    """The rules in force (the configured file, or the shipped defaults): read only by what needs them."""
    from partnerops.registrations.rules_file import load_rules

    return load_rules()
