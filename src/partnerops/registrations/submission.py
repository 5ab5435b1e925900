"""Submitting a registration: validate the form, match the company, record the conflicts for the manager. A retry
with the same idempotency key, or the partner's second registration of a company it already holds live, creates
nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select

from partnerops.analytics.rate_check import convertible_currencies, has_rate_path
from partnerops.domain.company_names import normalise_name
from partnerops.domain.registration_rules import (
    Claim,
    Conflict,
    ConflictRule,
    KnownAccount,
    LiveRegistration,
    RegistrationStatus,
    company_domain,
    find_conflicts,
    matching_accounts,
    normalise_domain,
)
from partnerops.domain.roles import Principal
from partnerops.registrations import repository
from partnerops.registrations.access import acting_partner
from partnerops.registrations.company_index import company_index
from partnerops.registrations.errors import DuplicateRegistration, InvalidRegistration
from partnerops.registrations.form_rules import checked_form
from partnerops.registrations.idempotency import form_digest, remember, replayed
from partnerops.registrations.model import Registration, RegistrationInput
from partnerops.registrations.snapshot import accounts_as_of, live_registrations, load_accounts, load_opportunities
from partnerops.store.locks import lock_name
from partnerops.store.tables import partners

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules

REGISTRATIONS_LOCK = "registrations"


@dataclass(frozen=True)
class Submitted:
    """The registration a submission answers with; `replayed` when its idempotency key had created it before."""

    registration: Registration
    replayed: bool = False


@dataclass(frozen=True)
class Checked:
    """What a claim meets today: the matched account, the conflicts, and the partner's own live registration of
    the same company (a double submission), if any."""

    account_id: int | None
    conflicts: tuple[Conflict, ...]
    own_live: int | None


def submit(engine: Engine, principal: Principal, form: RegistrationInput, rules: RegistrationRules,
           now: datetime, reporting_currency: str, idempotency_key: str | None = None) -> Submitted:
    partner_id = acting_partner(principal, form.partner_id)
    form = checked_form(form)
    digest = form_digest(form, partner_id)
    with engine.begin() as conn:
        # Submissions and approvals are decided one at a time, so two partners registering the same company at
        # the same instant always see each other: the second is flagged, whatever the timing. A retried request
        # (same key) and a double-clicked form (same company) see the first one the same way.
        lock_name(conn, REGISTRATIONS_LOCK)
        first = replayed(conn, principal.user_id, idempotency_key, digest) if idempotency_key else None
        if first is not None:
            return Submitted(repository.fetch(conn, principal, first, now), replayed=True)
        _require_partner(conn, partner_id)
        _require_rate_path(conn, form.estimated_amount.currency, reporting_currency)
        claim = Claim(partner_id, form.company_name, _claimed_domain(form, rules))
        found = _check(conn, claim, rules, now)
        if found.own_live is not None:
            own = repository.fetch(conn, principal, found.own_live, now)
            raise DuplicateRegistration(own.id, own.status, own.company_name)
        registration_id = _record(conn, principal, form, claim, rules, now, found)
        if idempotency_key:
            remember(conn, principal.user_id, idempotency_key, digest, registration_id, now)
        return Submitted(repository.fetch(conn, principal, registration_id, now))


def _record(conn: Connection, principal: Principal, form: RegistrationInput, claim: Claim, rules: RegistrationRules,
            now: datetime, found: Checked) -> int:
    values = _row(form, claim, principal, conn, rules, now) | {
        "account_id": found.account_id, "conflicts": [c.to_json() for c in found.conflicts]}
    registration_id = repository.insert(conn, values)
    reason = "; ".join(c.detail for c in found.conflicts) or None
    repository.audit(conn, registration_id, {"status": (None, RegistrationStatus.PENDING.value)},
                     principal.email, now, reason)
    return registration_id


def _require_rate_path(conn: Connection, currency: str, reporting_currency: str) -> None:
    """A deal in a currency the reports cannot convert would break every figure it joins: refuse it now."""
    if not has_rate_path(conn, currency, reporting_currency):
        known = ", ".join(sorted(convertible_currencies(conn, reporting_currency)))
        raise InvalidRegistration("currency", f"no exchange rate takes {currency} into the reporting currency "
                                  f"{reporting_currency}; register in one of: {known}")


def _require_partner(conn: Connection, partner_id: int) -> None:
    if conn.execute(select(partners.c.id).where(partners.c.id == partner_id)).first() is None:
        raise InvalidRegistration("partner_id", f"no partner with id {partner_id}")


def _claimed_domain(form: RegistrationInput, rules: RegistrationRules) -> str | None:
    """The company's domain as given, or else the contact's company mail domain (never a free-mail one)."""
    return normalise_domain(form.domain) or company_domain(form.contact_email, rules.free_mail_domains)


def competing_registrations(conn: Connection, registration: Registration, rules: RegistrationRules,
                            now: datetime) -> tuple[Conflict, ...]:
    """Other partners' registrations for the same company that are live now (checked again at approval)."""
    claim = Claim(registration.partner_id, registration.company_name, registration.domain)
    return tuple(c for c in _check(conn, claim, rules, now).conflicts if c.rule is ConflictRule.LIVE_REGISTRATION)


def _check(conn: Connection, claim: Claim, rules: RegistrationRules, now: datetime) -> Checked:
    """The index finds the accounts and registrations that may be the same company; the rules judge them as
    loaded now (the best matching account first)."""
    index = company_index(conn.engine)
    name_key, domain = normalise_name(claim.company_name), company_domain(claim.domain, rules.free_mail_domains)
    matched = matching_accounts(claim, load_accounts(conn, index.account_candidates(conn, name_key, domain)), rules)
    today = now.date()
    matched_ids = [a.id for a in matched]
    known = accounts_as_of(matched, load_opportunities(conn, matched_ids), today)
    live = live_registrations(conn, today, index.registration_candidates(conn, name_key, domain), matched_ids)
    own = [r.id for r in live if r.partner_id == claim.partner_id and _same_company(claim, r, matched_ids, rules)]
    return Checked(matched[0].id if matched else None, find_conflicts(claim, known, live, rules),
                   own[0] if own else None)


def _same_company(claim: Claim, other: LiveRegistration, matched_ids: list[int], rules: RegistrationRules) -> bool:
    """The test the conflict rule puts to another partner's registration: the same account, or the same company
    by name or domain (the rule `matching_accounts` holds)."""
    if other.account_id is not None and other.account_id in matched_ids:
        return True
    return bool(matching_accounts(claim, [KnownAccount(other.id, other.company_name, other.domain)], rules))


def _row(form: RegistrationInput, claim: Claim, principal: Principal, conn: Connection,
         rules: RegistrationRules, now: datetime) -> dict[str, Any]:
    return {
        "partner_id": claim.partner_id, "submitted_by": repository.user_reference(conn, principal),
        "company_name": claim.company_name, "domain": claim.domain, "contact_name": form.contact_name,
        "contact_email": form.contact_email, "estimated_amount_minor": form.estimated_amount.minor,
        "currency": form.estimated_amount.currency, "estimated_close_on": form.estimated_close_on,
        "notes": form.notes, "status": RegistrationStatus.PENDING.value, "rules_version": rules.version,
        "submitted_at": now, "respond_by": rules.respond_by(now), "expires_on": rules.expires_on(now),
    }
