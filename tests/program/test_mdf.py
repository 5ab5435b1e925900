"""MDF funds, requests and claims: the state machine, the balance per currency, and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from partnerops.domain.money import Money
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)
from partnerops.program.mdf import allocate_funds, partner_mdf_balance
from partnerops.program.mdf_claims import approve_claim, reimburse_claim, reject_claim, submit_claim
from partnerops.program.mdf_model import ClaimInput, ClaimStatus, RequestInput, RequestStatus
from partnerops.program.mdf_requests import approve_request, list_requests, reject_request, submit_request
from partnerops.store.tables import audit_log
from program.program_kit import ACME, ACME_USER, BOLT, BOLT_USER, FINANCE, MANAGER, NOW, seed_partners

TODAY = NOW.date()


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def webinar(budget: Money, period: str = "2026-Q2") -> RequestInput:
    return RequestInput(period, "Joint webinar", "A webinar for 200 CIOs in DACH", budget, date(2026, 6, 10),
                        date(2026, 6, 30))  # fmt: skip


@pytest.fixture
def funded(engine: Engine) -> Engine:
    """Acme has 10,000.00 USD for 2026-Q2 and 5,000.00 EUR for 2026-Q3 (not begun on NOW)."""
    seed_partners(engine)
    with engine.begin() as c:
        allocate_funds(c, MANAGER, ACME, "2026-Q2", usd("10000.00"), NOW)
        allocate_funds(c, MANAGER, ACME, "2026-q3", Money(Decimal("5000"), "EUR"), NOW)
    return engine


def test_a_claim_goes_claimed_approved_reimbursed_and_the_balance_follows(funded: Engine) -> None:
    with funded.begin() as c:
        request = submit_request(c, ACME_USER, webinar(usd("4000.00")), now=NOW)
        assert partner_mdf_balance(c, ACME, TODAY)["USD"].requested == usd("4000.00")
        approve_request(c, MANAGER, request.id, NOW)
        claim = submit_claim(c, ACME_USER, request.id, ClaimInput(usd("3500.50"), "https://files/acme/webinar.pdf",
                             "attendee list, 180 CIOs"), NOW)  # fmt: skip
        approve_claim(c, MANAGER, claim.id, NOW)
        paid = reimburse_claim(c, FINANCE, claim.id, "SEPA-2026-0042", NOW)
        balance = partner_mdf_balance(c, ACME, TODAY)
    assert paid.status is ClaimStatus.REIMBURSED and paid.payment_reference == "SEPA-2026-0042"
    usd_balance = balance["USD"]
    assert (usd_balance.allocated, usd_balance.requested, usd_balance.committed) == (
        usd("10000.00"), usd("0"), usd("4000.00"))
    assert (usd_balance.claimed, usd_balance.reimbursed, usd_balance.remaining) == (
        usd("3500.50"), usd("3500.50"), usd("6000.00"))
    assert usd_balance.remaining.amount == Decimal("6000.00")


def test_funds_of_a_period_not_begun_are_not_yet_in_the_balance(funded: Engine) -> None:
    with funded.connect() as c:
        assert "EUR" not in partner_mdf_balance(c, ACME, TODAY)
        assert partner_mdf_balance(c, ACME, date(2026, 7, 1))["EUR"].remaining == Money(Decimal("5000"), "EUR")
        assert partner_mdf_balance(c, BOLT, TODAY) == {}


def test_a_request_beyond_the_remaining_funds_is_refused(funded: Engine) -> None:
    with funded.begin() as c:
        first = submit_request(c, ACME_USER, webinar(usd("8000")), now=NOW)
        second = submit_request(c, ACME_USER, webinar(usd("3000")), now=NOW)
        approve_request(c, MANAGER, first.id, NOW)
        with pytest.raises(InsufficientFunds, match="2,000.00 USD the partner has left"):
            approve_request(c, MANAGER, second.id, NOW)
        with pytest.raises(InsufficientFunds):
            submit_request(c, ACME_USER, webinar(Money(Decimal("10"), "EUR")), now=NOW)


def test_a_request_in_a_currency_reports_cannot_convert_is_refused(funded: Engine) -> None:
    with funded.begin() as c, pytest.raises(InvalidProgramInput, match="no exchange rate takes GBP into .* USD"):
        submit_request(c, ACME_USER, webinar(Money(Decimal("10"), "GBP")), now=NOW, reporting_currency="USD")


def test_claims_never_exceed_the_budget_and_need_proof(funded: Engine) -> None:
    with funded.begin() as c:
        request = approve_request(c, MANAGER, submit_request(c, ACME_USER, webinar(usd("1000")), now=NOW).id, NOW)
        submit_claim(c, ACME_USER, request.id, ClaimInput(usd("600"), "s3://proof/1.pdf", "booth photos"), NOW)
        # Over budget is a conflict with the claims already filed (409 on the API), not a malformed form.
        with pytest.raises(InsufficientFunds, match="400.00 USD left"):
            submit_claim(c, ACME_USER, request.id, ClaimInput(usd("600"), "s3://proof/2.pdf", "more"), NOW)
        with pytest.raises(InvalidProgramInput, match="proof_reference"):
            submit_claim(c, ACME_USER, request.id, ClaimInput(usd("100"), " ", "photos"), NOW)
        with pytest.raises(InvalidProgramInput, match="currency"):
            submit_claim(c, ACME_USER, request.id, ClaimInput(Money(Decimal("1"), "EUR"), "x", "y"), NOW)


def test_decisions_follow_the_state_machine_and_are_audited(funded: Engine) -> None:
    with funded.begin() as c:
        request = submit_request(c, ACME_USER, webinar(usd("1000")), now=NOW)
        with pytest.raises(InvalidTransition, match="cannot claim against MDF request .*: it is pending"):
            submit_claim(c, ACME_USER, request.id, ClaimInput(usd("10"), "x", "y"), NOW)
        rejected = reject_request(c, MANAGER, request.id, "no plan for follow-up", NOW)
        with pytest.raises(InvalidTransition, match="it is rejected"):
            approve_request(c, MANAGER, request.id, NOW)
        approved = approve_request(c, MANAGER, submit_request(c, ACME_USER, webinar(usd("500")), now=NOW).id, NOW)
        claim = submit_claim(c, ACME_USER, approved.id, ClaimInput(usd("500"), "x", "y"), NOW)
        with pytest.raises(InvalidTransition, match="cannot reimburse MDF claim .*: it is claimed"):
            reimburse_claim(c, FINANCE, claim.id, "PAY-1", NOW)
        reject_claim(c, MANAGER, claim.id, "the invoice is missing", NOW)
        trail = c.execute(select(audit_log.c.entity, audit_log.c.new_value, audit_log.c.reason, audit_log.c.actor)
                          .where(audit_log.c.field == "status").order_by(audit_log.c.id)).all()  # fmt: skip
    assert rejected.status is RequestStatus.REJECTED and rejected.decision_reason == "no plan for follow-up"
    assert [tuple(row) for row in trail] == [
        ("mdf_requests", "rejected", "no plan for follow-up", "manager@example.com"),
        ("mdf_requests", "approved", None, "manager@example.com"),
        ("mdf_claims", "rejected", "the invoice is missing", "manager@example.com"),
    ]


def test_partner_users_act_only_for_their_own_partner(funded: Engine) -> None:
    with funded.begin() as c:
        request = submit_request(c, ACME_USER, webinar(usd("1000")), partner_id=BOLT, now=NOW)
        assert request.partner_id == ACME
        with pytest.raises(ProgramNotFound):
            submit_claim(c, BOLT_USER, request.id, ClaimInput(usd("10"), "x", "y"), NOW)
        with pytest.raises(ProgramForbidden):
            approve_request(c, ACME_USER, request.id, NOW)
        with pytest.raises(ProgramForbidden):
            allocate_funds(c, ACME_USER, ACME, "2026-Q2", usd("1"), NOW)
        assert list_requests(c, BOLT_USER) == []
        assert [r.id for r in list_requests(c, MANAGER)] == [request.id]


def test_bad_request_values_name_the_field(funded: Engine) -> None:
    with funded.begin() as c:
        with pytest.raises(InvalidProgramInput, match="ends_on"):
            backwards = RequestInput("2026-Q2", "x", "y", usd("10"), TODAY, TODAY - timedelta(days=1))
            submit_request(c, ACME_USER, backwards, now=NOW)
        with pytest.raises(InvalidProgramInput, match="period"):
            submit_request(c, ACME_USER, webinar(usd("10"), period="Q4 2026"), now=NOW)
        with pytest.raises(ValueError, match="more decimals"):
            submit_request(c, ACME_USER, webinar(usd("10.001")), now=NOW)
