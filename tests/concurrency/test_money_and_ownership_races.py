"""Many requests at the same instant on the paths that spend a budget, pay, decide ownership or change a status:
on SQLite and PostgreSQL, exactly one wins where one may, budgets never go below zero, and every loser gets the
refusal the API answers with 409 (never a database error)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from commissions.commission_kit import ACTOR, ALPHA, Deals, attribute, load, make_plan
from commissions.commission_kit import seed_partners as seed_commission_partners
from concurrency.race import losers, race, winners
from partnerops.commissions import payouts
from partnerops.commissions.accrual import accrue
from partnerops.commissions.errors import InvalidTransition as PayoutTransition
from partnerops.domain.money import Money
from partnerops.domain.registration_rules import ConflictRule, RegistrationStatus
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.program.errors import InsufficientFunds, InvalidTransition
from partnerops.program.mdf import allocate_funds, partner_mdf_balance
from partnerops.program.mdf_claims import submit_claim
from partnerops.program.mdf_model import ClaimInput, RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.registrations.errors import InvalidTransition as RegistrationTransition
from partnerops.registrations.service import (
    approve_registration,
    expire_registrations,
    grant_extension,
    request_extension,
    submit_registration,
)
from partnerops.store.commission_tables import commission_entries
from partnerops.store.program_tables import mdf_claims, mdf_requests
from partnerops.store.tables import audit_log, opportunities, touches
from partnerops.touches.errors import SameStatus
from partnerops.touches.review import confirm_touch
from program.program_kit import ACME, ACME_USER, MANAGER, NOW, SALES, seed_partners
from registrations.registration_kit import ACME_USER as REGISTERING_ACME
from registrations.registration_kit import BOLT_USER, form, seed_world
from registrations.registration_kit import MANAGER as REGISTRATION_MANAGER
from registrations.registration_kit import NOW as REGISTRATION_NOW

RULES = RegistrationRules(version="test-1")


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def webinar(budget: Money) -> RequestInput:
    return RequestInput("2026-Q2", "Joint webinar", "Webinar for 200 prospects", budget, date(2026, 6, 1),
                        date(2026, 6, 30))


@pytest.fixture
def funded(engine: Engine) -> Engine:
    seed_partners(engine)
    with engine.begin() as c:
        allocate_funds(c, MANAGER, ACME, "2026-Q2", usd("5000"), NOW)
    return engine


def test_six_simultaneous_claims_of_600_on_a_1000_request_accept_one(funded: Engine) -> None:
    with funded.begin() as c:
        request = approve_request(c, MANAGER, submit_request(c, ACME_USER, webinar(usd("1000")), now=NOW).id, NOW)

    def claim(i: int) -> object:
        with funded.begin() as c:
            return submit_claim(c, ACME_USER, request.id, ClaimInput(usd("600"), f"s3://proof/{i}", "photos"), NOW)

    results = race(claim, 6)
    assert len(winners(results)) == 1
    assert all(isinstance(e, InsufficientFunds) for e in losers(results)), losers(results)
    with funded.connect() as c:
        claimed = c.execute(select(func.sum(mdf_claims.c.amount_minor))).scalar_one()
    assert claimed == 60_000


def test_simultaneous_approvals_never_spend_more_than_the_allocation(funded: Engine) -> None:
    with funded.begin() as c:
        pending = [submit_request(c, ACME_USER, webinar(usd("2000")), now=NOW).id for _ in range(6)]

    def approve(i: int) -> object:
        with funded.begin() as c:
            return approve_request(c, MANAGER, pending[i], NOW)

    results = race(approve, 6)
    assert len(winners(results)) == 2
    assert all(isinstance(e, InsufficientFunds) for e in losers(results)), losers(results)
    with funded.connect() as c:
        balance = partner_mdf_balance(c, ACME, NOW.date())["USD"]
    assert balance.remaining == usd("1000")


def test_simultaneous_approvals_of_one_request_approve_it_once(funded: Engine) -> None:
    with funded.begin() as c:
        pending = submit_request(c, ACME_USER, webinar(usd("4000")), now=NOW)

    def approve(_: int) -> object:
        with funded.begin() as c:
            return approve_request(c, MANAGER, pending.id, NOW)

    results = race(approve, 5)
    assert len(winners(results)) == 1
    assert all(isinstance(e, InvalidTransition) for e in losers(results)), losers(results)
    with funded.connect() as c:
        decisions = c.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "mdf_requests", audit_log.c.new_value == "approved")).scalar_one()
        (status,) = c.execute(select(mdf_requests.c.status)).scalars().all()
    assert (decisions, status) == (1, "approved")


def test_two_partners_registering_one_company_at_once_always_flag_the_second(engine: Engine) -> None:
    seed_world(engine)
    for round_ in range(4):
        company = f"Wayne Enterprises {round_}"
        domain = f"wayne{round_}.example"

        def register(i: int, company: str = company, domain: str = domain) -> object:
            who = (REGISTERING_ACME, BOLT_USER)[i]
            return submit_registration(engine, who, form(company, domain), rules=RULES, now=REGISTRATION_NOW)

        first, second = sorted(winners(race(register, 2)), key=lambda r: r.id)
        assert not first.flagged
        assert [c.rule for c in second.conflicts] == [ConflictRule.LIVE_REGISTRATION]


def test_ten_simultaneous_approvals_of_one_registration_approve_it_once(engine: Engine) -> None:
    seed_world(engine)
    pending = submit_registration(engine, REGISTERING_ACME, form("Umbrella", "umbrella.io"), rules=RULES,
                                  now=REGISTRATION_NOW)

    def approve(_: int) -> object:
        return approve_registration(engine, REGISTRATION_MANAGER, pending.id, rules=RULES, now=REGISTRATION_NOW)

    results = race(approve, 10)
    assert len(winners(results)) == 1
    assert all(isinstance(e, RegistrationTransition) for e in losers(results)), losers(results)
    with engine.connect() as c:
        registration_touches = c.execute(select(func.count()).select_from(touches).where(
            touches.c.type == "deal_registration")).scalar_one()
    assert registration_touches == 1


def test_simultaneous_grants_of_an_extension_extend_it_once(engine: Engine) -> None:
    seed_world(engine)
    pending = submit_registration(engine, REGISTERING_ACME, form("Oscorp", "oscorp.example"), rules=RULES,
                                  now=REGISTRATION_NOW)
    request_extension(engine, REGISTERING_ACME, pending.id, now=REGISTRATION_NOW)

    def grant(_: int) -> object:
        return grant_extension(engine, REGISTRATION_MANAGER, pending.id, rules=RULES, now=REGISTRATION_NOW)

    results = race(grant, 6)
    assert len(winners(results)) == 1
    assert all(isinstance(e, RegistrationTransition) for e in losers(results)), losers(results)
    (granted,) = winners(results)
    assert granted.expires_on == pending.expires_on + timedelta(days=RULES.extension_days)


def test_an_expiry_run_racing_approvals_decides_each_registration_once(engine: Engine) -> None:
    seed_world(engine)
    due = [submit_registration(engine, REGISTERING_ACME, form(f"Lapsed {i}", f"lapsed{i}.example"), rules=RULES,
                               now=REGISTRATION_NOW).id for i in range(3)]
    later = REGISTRATION_NOW + timedelta(days=RULES.expiry_days + 1)

    def act(i: int) -> object:
        if i % 2:
            return expire_registrations(engine, now=later)
        return approve_registration(engine, REGISTRATION_MANAGER, due[i // 2 % 3], rules=RULES, now=later)

    race(act, 6)
    with engine.connect() as c:
        decided = c.execute(select(audit_log.c.entity_id, func.count()).where(
            audit_log.c.entity == "registration", audit_log.c.field == "status",
            audit_log.c.new_value.in_(["approved", "expired"])).group_by(audit_log.c.entity_id)).all()
    assert sorted(decided) == [(registration_id, 1) for registration_id in due]


def test_approval_over_another_partners_live_registration_needs_an_override(engine: Engine) -> None:
    seed_world(engine)
    first = submit_registration(engine, REGISTERING_ACME, form("Stark", "stark.example"), rules=RULES,
                                now=REGISTRATION_NOW)
    second = submit_registration(engine, BOLT_USER, form("Stark", "stark.example"), rules=RULES,
                                 now=REGISTRATION_NOW)
    for pending in (first, second):
        with pytest.raises(RegistrationTransition, match="live registration .*override"):
            approve_registration(engine, REGISTRATION_MANAGER, pending.id, rules=RULES, now=REGISTRATION_NOW)
    approved = approve_registration(engine, REGISTRATION_MANAGER, first.id, rules=RULES, now=REGISTRATION_NOW,
                                    override_reason="Acme brought the first meeting")
    assert approved.status is RegistrationStatus.APPROVED
    assert approved.decision_reason is not None and "Acme brought the first meeting" in approved.decision_reason


def test_five_simultaneous_payments_of_one_batch_pay_each_line_once(engine: Engine) -> None:
    seed_commission_partners(engine)
    load(engine, make_plan())
    Deals(engine).won("10000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    attribute(engine)
    accrue(engine, date(2026, 2, 28), ACTOR)
    batch = payouts.create_batch(engine, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    payouts.approve_batch(engine, batch.id, ACTOR)

    results = race(lambda _: payouts.pay_batch(engine, batch.id, ACTOR, date(2026, 3, 15)), 5)
    assert len(winners(results)) == 1
    assert all(isinstance(e, PayoutTransition) for e in losers(results)), losers(results)
    with engine.connect() as c:
        payments = c.execute(select(func.count()).select_from(commission_entries).where(
            commission_entries.c.kind == "payout")).scalar_one()
        paid = c.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.new_value == "paid")).scalar_one()
    assert (payments, paid) == (1, 1)


def test_simultaneous_confirmations_of_one_touch_decide_it_once(funded: Engine) -> None:
    with funded.begin() as c:
        c.execute(insert(touches).values(id=900, source_system="csv", external_id="T900", partner_id=ACME,
                                         opportunity_id=_deal(c), type="poc", touched_on=date(2026, 5, 2),
                                         status="claimed"))  # fmt: skip

    def confirm(_: int) -> None:
        with funded.begin() as c:
            confirm_touch(c, SALES, 900)

    results = race(confirm, 8)
    assert len(winners(results)) == 1
    assert all(isinstance(e, SameStatus) for e in losers(results)), losers(results)
    with funded.connect() as c:
        decided = c.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity_id == 900, audit_log.c.new_value == "confirmed")).scalar_one()
    assert decided == 1


def _deal(conn: Connection) -> int:
    values = {"source_system": "csv", "external_id": "O-race", "account_id": 1, "name": "Race", "amount_minor": 100,
              "currency": "USD", "stage": "Open", "outcome": "open", "created_on": date(2026, 5, 1)}
    return int(conn.execute(insert(opportunities).values(**values).returning(opportunities.c.id)).scalar_one())
