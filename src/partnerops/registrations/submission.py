"""Submitting a registration: validate the form, match the company, record the conflicts for the manager."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from partnerops.analytics.rate_check import convertible_currencies, has_rate_path
from partnerops.domain.registration_rules import (
    Claim,
    Conflict,
    ConflictRule,
    RegistrationRules,
    RegistrationStatus,
    company_domain,
    find_conflicts,
    matching_accounts,
    normalise_domain,
    normalise_name,
)
from partnerops.domain.roles import Principal
from partnerops.registrations import repository
from partnerops.registrations.access import acting_partner
from partnerops.registrations.company_index import company_index
from partnerops.registrations.errors import InvalidRegistration
from partnerops.registrations.model import Registration, RegistrationInput
from partnerops.registrations.snapshot import accounts_as_of, live_registrations, load_accounts, load_opportunities
from partnerops.store.locks import lock_name
from partnerops.store.tables import partners

REGISTRATIONS_LOCK = "registrations"


def submit(engine: Engine, principal: Principal, form: RegistrationInput, rules: RegistrationRules,
           now: datetime, reporting_currency: str) -> Registration:
    partner_id = acting_partner(principal, form.partner_id)
    _validate(form)
    with engine.begin() as conn:
        # Submissions and approvals are decided one at a time, so two partners registering the same company at
        # the same instant always see each other: the second is flagged, whatever the timing.
        lock_name(conn, REGISTRATIONS_LOCK)
        _require_partner(conn, partner_id)
        _require_rate_path(conn, form.estimated_amount.currency, reporting_currency)
        claim = Claim(partner_id, form.company_name.strip(), _claimed_domain(form, rules))
        account_id, conflicts = _check(conn, claim, rules, now)
        values = _row(form, claim, principal, conn, rules, now) | {
            "account_id": account_id, "conflicts": [c.to_json() for c in conflicts]}
        registration_id = repository.insert(conn, values)
        reason = "; ".join(c.detail for c in conflicts) or None
        repository.audit(conn, registration_id, {"status": (None, RegistrationStatus.PENDING.value)},
                         principal.email, now, reason)
        return repository.fetch(conn, principal, registration_id, now)


def _validate(form: RegistrationInput) -> None:
    if not form.company_name.strip():
        raise InvalidRegistration("company_name", "is blank")
    if form.estimated_amount.amount <= 0:
        raise InvalidRegistration("estimated_amount", f"must be positive, got {form.estimated_amount}")
    try:
        form.estimated_amount.minor  # noqa: B018 - raises when the amount has too many decimals
    except ValueError as exc:
        raise InvalidRegistration("estimated_amount", str(exc)) from exc
    if form.contact_email is not None and "@" not in form.contact_email:
        raise InvalidRegistration("contact_email", f"{form.contact_email!r} is not an e-mail address")


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
    _, conflicts = _check(conn, claim, rules, now)
    return tuple(c for c in conflicts if c.rule is ConflictRule.LIVE_REGISTRATION)


def _check(conn: Connection, claim: Claim, rules: RegistrationRules,
           now: datetime) -> tuple[int | None, tuple[Conflict, ...]]:
    """The matched account (best match first) and the conflicts the claim raises today. The index finds the
    accounts and registrations that may be the same company; the rules judge them as loaded now."""
    index = company_index(conn.engine)
    name_key, domain = normalise_name(claim.company_name), company_domain(claim.domain, rules.free_mail_domains)
    matched = matching_accounts(claim, load_accounts(conn, index.account_candidates(conn, name_key, domain)), rules)
    today = now.date()
    matched_ids = [a.id for a in matched]
    known = accounts_as_of(matched, load_opportunities(conn, matched_ids), today)
    live = live_registrations(conn, today, index.registration_candidates(conn, name_key, domain), matched_ids)
    return (matched[0].id if matched else None), find_conflicts(claim, known, live, rules)


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
