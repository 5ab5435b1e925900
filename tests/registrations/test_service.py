"""The registration service on both databases: submission and conflicts, decisions, isolation, audit, mail."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from partnerops.domain.money import Money
from partnerops.domain.registration_rules import ConflictRule, RegistrationStatus
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.registrations.errors import (
    InvalidRegistration,
    InvalidTransition,
    ReasonRequired,
    RegistrationForbidden,
    RegistrationNotFound,
)
from partnerops.registrations.service import (
    approve_registration,
    get_registration,
    list_registrations,
    reject_registration,
    submit_registration,
)
from partnerops.store.audit import history
from partnerops.store.registration_tables import outbound_emails, registrations
from partnerops.store.tables import opportunities, touches
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, NOW, SALES, form, seed_world

RULES = RegistrationRules(version="test-1")


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


def test_a_clean_claim_is_pending_with_its_deadlines(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Hooli Inc.", "https://www.hooli.com/"),
                                       rules=RULES, now=NOW)
    assert registration.status is RegistrationStatus.PENDING and registration.conflicts == ()
    assert (registration.account_id, registration.domain, registration.rules_version) == (None, "hooli.com", "test-1")
    assert get_registration(world, MANAGER, registration.id, now=NOW).account_id == 3  # matched, seen internally
    assert registration.respond_by == NOW + timedelta(hours=48)
    assert registration.expires_on == NOW.date() + timedelta(days=90)
    assert registration.submitted_by == ACME_USER.user_id and not registration.overdue


def test_open_deal_and_customer_conflicts_are_flagged_not_rejected(world: Engine) -> None:
    globex = submit_registration(world, ACME_USER, form("GLOBEX"), rules=RULES, now=NOW)
    initech_form = form("Initech", contact_email="x@initech.com")
    initech = submit_registration(world, ACME_USER, initech_form, rules=RULES, now=NOW)
    assert globex.status is RegistrationStatus.PENDING and globex.flagged
    # The partner learns which rule was raised, never our deals or accounts; the manager sees them.
    assert [(c.rule, c.opportunity_ids, c.account_id) for c in globex.conflicts] == [
        (ConflictRule.OPEN_OPPORTUNITY, (), None)
    ]
    managed = [get_registration(world, MANAGER, r.id, now=NOW) for r in (globex, initech)]
    assert [(c.rule, c.opportunity_ids) for c in managed[0].conflicts] == [(ConflictRule.OPEN_OPPORTUNITY, (1,))]
    assert [(c.rule, c.account_id) for c in managed[1].conflicts] == [(ConflictRule.CUSTOMER_ACCOUNT, 2)]


def test_another_partners_live_registration_conflicts(world: Engine) -> None:
    first = submit_registration(world, ACME_USER, form("Umbrella Ltd", "umbrella.io"), rules=RULES, now=NOW)
    second = submit_registration(world, BOLT_USER, form("Umbrella", "http://umbrella.io"), rules=RULES, now=NOW)
    (seen_by_partner,) = second.conflicts
    assert seen_by_partner.rule is ConflictRule.LIVE_REGISTRATION and seen_by_partner.registration_ids == ()
    assert "Umbrella" not in seen_by_partner.detail and str(first.partner_id) not in seen_by_partner.detail
    (conflict,) = get_registration(world, MANAGER, second.id, now=NOW).conflicts
    assert conflict.registration_ids == (first.id,)


def test_an_internal_user_registers_for_a_named_partner_only(world: Engine) -> None:
    with pytest.raises(InvalidRegistration, match="partner_id"):
        submit_registration(world, SALES, form("Hooli"), rules=RULES, now=NOW)
    done = submit_registration(world, SALES, form("Hooli", partner_id=2), rules=RULES, now=NOW)
    assert done.partner_id == 2
    with pytest.raises(RegistrationForbidden):
        submit_registration(world, ACME_USER, form("Hooli", partner_id=2), rules=RULES, now=NOW)


def test_a_partner_user_never_sees_another_partners_registration(world: Engine) -> None:
    theirs = submit_registration(world, BOLT_USER, form("Hooli"), rules=RULES, now=NOW)
    submit_registration(world, ACME_USER, form("Globex"), rules=RULES, now=NOW)
    with pytest.raises(RegistrationNotFound):
        get_registration(world, ACME_USER, theirs.id, now=NOW)
    assert {r.partner_id for r in list_registrations(world, ACME_USER, now=NOW)} == {1}
    assert len(list_registrations(world, MANAGER, now=NOW)) == 2


def test_overdue_filter_uses_the_response_deadline(world: Engine) -> None:
    submit_registration(world, ACME_USER, form("Hooli"), rules=RULES, now=NOW)
    later = NOW + timedelta(hours=49)
    assert [r.overdue for r in list_registrations(world, MANAGER, overdue=True, now=later)] == [True]
    assert list_registrations(world, MANAGER, overdue=True, now=NOW) == []
    assert list_registrations(world, MANAGER, status=RegistrationStatus.APPROVED, now=later) == []


def test_approval_creates_the_deal_and_a_confirmed_registration_touch(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Umbrella", "umbrella.io"), rules=RULES, now=NOW)
    approved = approve_registration(world, MANAGER, registration.id, now=NOW + timedelta(hours=1))
    assert approved.status is RegistrationStatus.APPROVED and approved.decided_by == MANAGER.user_id
    with world.connect() as c:
        deal = c.execute(select(opportunities).where(opportunities.c.id == approved.opportunity_id)).one()
        touch = c.execute(select(touches).where(touches.c.opportunity_id == deal.id)).one()
    assert (deal.source_system, deal.account_id, deal.amount_minor, deal.outcome) == (
        "partnerops", approved.account_id, 2_500_000, "open")
    assert (touch.partner_id, touch.type, touch.status) == (1, "deal_registration", "confirmed")


def test_approval_links_the_matched_accounts_open_deal(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Globex"), rules=RULES, now=NOW)
    approved = approve_registration(world, MANAGER, registration.id, now=NOW)
    assert (approved.account_id, approved.opportunity_id) == (1, 1)


def test_rejection_needs_a_reason_and_a_manager(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Globex"), rules=RULES, now=NOW)
    with pytest.raises(ReasonRequired):
        reject_registration(world, MANAGER, registration.id, "  ", now=NOW)
    with pytest.raises(RegistrationForbidden):
        reject_registration(world, ACME_USER, registration.id, "mine", now=NOW)
    rejected = reject_registration(world, MANAGER, registration.id, "Globex is already in our pipeline", now=NOW)
    assert (rejected.status, rejected.decision_reason) == (RegistrationStatus.REJECTED,
                                                           "Globex is already in our pipeline")
    with pytest.raises(InvalidTransition, match="rejected"):
        approve_registration(world, MANAGER, registration.id, now=NOW)


def test_every_decision_is_audited_and_the_partner_is_mailed(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Globex"), rules=RULES, now=NOW)
    reject_registration(world, MANAGER, registration.id, "already in pipeline", now=NOW)
    with world.connect() as c:
        trail = history(c, "registration", registration.id)
        (mail,) = c.execute(select(outbound_emails)).all()
    assert [(t["field"], t["new_value"], t["actor"]) for t in trail] == [
        ("status", "pending", ACME_USER.email), ("status", "rejected", MANAGER.email)]
    assert trail[-1]["reason"] == "already in pipeline"
    assert mail.to_address == ACME_USER.email and mail.status == "queued"
    assert "rejected" in mail.subject and "Reason: already in pipeline" in mail.body


def test_bad_forms_name_the_field(world: Engine) -> None:
    with pytest.raises(InvalidRegistration, match="company_name"):
        submit_registration(world, ACME_USER, form("  "), rules=RULES, now=NOW)
    with pytest.raises(InvalidRegistration, match="contact_email"):
        submit_registration(world, ACME_USER, form("Hooli", contact_email="nobody"), rules=RULES, now=NOW)


def test_a_registration_in_a_currency_without_a_rate_path_is_refused_at_submission(world: Engine) -> None:
    in_yen = replace(form("Hooli Inc.", "hooli.com"), estimated_amount=Money(Decimal("4000000"), "JPY"))
    with pytest.raises(InvalidRegistration, match="no exchange rate takes JPY into the reporting currency USD"):
        submit_registration(world, ACME_USER, in_yen, rules=RULES, now=NOW, reporting_currency="USD")
    with world.connect() as c:
        assert c.execute(select(registrations)).first() is None
