"""API for the program: MDF requests, claims and balance; the onboarding checklist, tier gap and tier reviews;
partner health. A partner user sees and files only its own partner's; decisions are internal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.params import RecordId
from partnerops.domain.money import Money, UnknownCurrency
from partnerops.domain.roles import Principal
from partnerops.program import health, lifecycle, mdf, mdf_claims, mdf_requests, tier_reviews, tiers
from partnerops.program.access import check_visible, own_partner
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)
from partnerops.program.mdf_model import ClaimInput, ClaimStatus, MdfClaim, MdfRequest, RequestInput, RequestStatus
from partnerops.program.program_settings import load_program_settings

router = APIRouter(tags=["program"])
PartnerFilter = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Internal users: the partner.")]


class MoneyOut(BaseModel):
    amount: Decimal
    currency: str


def _money(value: Money) -> MoneyOut:
    return MoneyOut(amount=value.amount, currency=value.currency)


class RequestIn(BaseModel):
    period: str = Field(max_length=16, description="2026, 2026-H2 or 2026-Q4.")
    title: str = Field(min_length=1, max_length=200)
    plan: str = Field(min_length=1, max_length=10_000)
    budget: Decimal = Field(gt=0, max_digits=18)
    currency: str = Field(min_length=3, max_length=3)
    starts_on: date
    ends_on: date
    partner_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="Internal users only.")


class ClaimIn(BaseModel):
    amount: Decimal = Field(gt=0, max_digits=18)
    proof_reference: str = Field(min_length=1, max_length=2_000, description="A file reference or URL.")
    proof_description: str = Field(min_length=1, max_length=10_000)


class ReasonIn(BaseModel):
    reason: str = Field(max_length=2_000)


class PaymentIn(BaseModel):
    payment_reference: str = Field(max_length=200)


class RequestOut(BaseModel):
    id: int
    partner_id: int
    period: str
    title: str
    plan: str
    budget: MoneyOut
    starts_on: date
    ends_on: date
    status: RequestStatus
    decision_reason: str | None


class ClaimOut(BaseModel):
    id: int
    request_id: int
    partner_id: int
    amount: MoneyOut
    proof_reference: str
    proof_description: str
    status: ClaimStatus
    decision_reason: str | None
    payment_reference: str | None


class BalanceOut(BaseModel):
    currency: str
    allocated: MoneyOut
    requested: MoneyOut
    committed: MoneyOut
    claimed: MoneyOut
    reimbursed: MoneyOut
    remaining: MoneyOut


def _request_out(r: MdfRequest) -> RequestOut:
    return RequestOut(id=r.id, partner_id=r.partner_id, period=r.period, title=r.title, plan=r.plan,
                      budget=_money(r.budget), starts_on=r.starts_on, ends_on=r.ends_on, status=r.status,
                      decision_reason=r.decision_reason)  # fmt: skip


def _claim_out(c: MdfClaim) -> ClaimOut:
    return ClaimOut(id=c.id, request_id=c.request_id, partner_id=c.partner_id, amount=_money(c.amount),
                    proof_reference=c.proof_reference, proof_description=c.proof_description, status=c.status,
                    decision_reason=c.decision_reason, payment_reference=c.payment_reference)  # fmt: skip


@contextmanager
def _answers() -> Iterator[None]:
    """Program refusals as statuses: unseen 404, a wrong role 403, a bad value 422, a wrong state 409."""
    try:
        yield
    except ProgramNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    except ProgramForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except InvalidProgramInput as exc:
        raise ApiError(422, exc.message, field=exc.field) from exc
    except UnknownCurrency as exc:
        raise ApiError(422, f"{exc} is not an ISO 4217 currency", field="currency") from exc
    except (InvalidTransition, InsufficientFunds) as exc:
        raise ApiError(409, str(exc), code="invalid_transition") from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc


def _partner_for(principal: Principal, partner_id: int | None) -> int:
    if principal.is_partner and partner_id not in (None, principal.partner_id):
        raise ApiError(403, "that partner is outside what you may see")
    with _answers():
        return own_partner(principal, partner_id)


@router.get("/mdf/balance", response_model=list[BalanceOut], summary="MDF balance per currency")
def balance(engine: DatabaseEngine, principal: CurrentPrincipal, partner_id: PartnerFilter = None) -> list[BalanceOut]:
    owner = _partner_for(principal, partner_id)
    with engine.connect() as conn:
        found = mdf.partner_mdf_balance(conn, owner, datetime.now(UTC).date())
    return [BalanceOut(currency=b.currency, allocated=_money(b.allocated), requested=_money(b.requested),
                       committed=_money(b.committed), claimed=_money(b.claimed), reimbursed=_money(b.reimbursed),
                       remaining=_money(b.remaining)) for b in found.values()]  # fmt: skip


@router.get("/mdf/requests", response_model=list[RequestOut], summary="MDF requests")
def list_requests(engine: DatabaseEngine, principal: CurrentPrincipal, status: RequestStatus | None = None,
                  partner_id: PartnerFilter = None) -> list[RequestOut]:  # fmt: skip
    if partner_id is not None:
        _partner_for(principal, partner_id)
    with engine.connect() as conn:
        return [_request_out(r) for r in mdf_requests.list_requests(conn, principal, status, partner_id)]


@router.post("/mdf/requests", response_model=RequestOut, status_code=201, summary="Request MDF")
def submit_request(body: RequestIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> RequestOut:
    owner = _partner_for(principal, body.partner_id)
    with _answers(), engine.begin() as conn:
        form = RequestInput(body.period, body.title, body.plan, Money(body.budget, body.currency.upper()),
                            body.starts_on, body.ends_on)  # fmt: skip
        return _request_out(mdf_requests.submit_request(conn, principal, form, owner))


@router.get("/mdf/requests/{request_id}", response_model=RequestOut, summary="One MDF request")
def get_request(request_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> RequestOut:
    with _answers(), engine.connect() as conn:
        return _request_out(mdf_requests.get_request(conn, principal, request_id))


@router.post("/mdf/requests/{request_id}/approve", response_model=RequestOut, summary="Approve an MDF request")
def approve_request(request_id: RecordId, engine: DatabaseEngine, principal: InternalPrincipal) -> RequestOut:
    with _answers(), engine.begin() as conn:
        return _request_out(mdf_requests.approve_request(conn, principal, request_id))


@router.post("/mdf/requests/{request_id}/reject", response_model=RequestOut, summary="Reject an MDF request")
def reject_request(request_id: RecordId, body: ReasonIn, engine: DatabaseEngine,
                   principal: InternalPrincipal) -> RequestOut:  # fmt: skip
    with _answers(), engine.begin() as conn:
        return _request_out(mdf_requests.reject_request(conn, principal, request_id, body.reason))


@router.get("/mdf/claims", response_model=list[ClaimOut], summary="MDF claims")
def list_claims(engine: DatabaseEngine, principal: CurrentPrincipal,
                status: ClaimStatus | None = None) -> list[ClaimOut]:  # fmt: skip
    with engine.connect() as conn:
        return [_claim_out(c) for c in mdf_claims.list_claims(conn, principal, status)]


@router.post("/mdf/requests/{request_id}/claims", response_model=ClaimOut, status_code=201,
             summary="Claim against an approved request, with proof of performance")  # fmt: skip
def submit_claim(request_id: RecordId, body: ClaimIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> ClaimOut:
    with _answers(), engine.begin() as conn:
        currency = mdf_requests.get_request(conn, principal, request_id).budget.currency
        form = ClaimInput(Money(body.amount, currency), body.proof_reference, body.proof_description)
        return _claim_out(mdf_claims.submit_claim(conn, principal, request_id, form))


@router.post("/mdf/claims/{claim_id}/{decision}", response_model=ClaimOut, summary="Approve, reject or reimburse")
def decide_claim(claim_id: RecordId, decision: str, engine: DatabaseEngine, principal: InternalPrincipal,
                 body: dict[str, Any] | None = None) -> ClaimOut:  # fmt: skip
    """decision: approve; reject (body {"reason"}); reimburse (body {"payment_reference"})."""
    text = str((body or {}).get("reason" if decision == "reject" else "payment_reference", ""))
    with _answers(), engine.begin() as conn:
        if decision == "approve":
            return _claim_out(mdf_claims.approve_claim(conn, principal, claim_id))
        if decision == "reject":
            return _claim_out(mdf_claims.reject_claim(conn, principal, claim_id, text))
        if decision == "reimburse":
            return _claim_out(mdf_claims.reimburse_claim(conn, principal, claim_id, text))
    raise ApiError(404, f"no claim decision {decision!r}: approve, reject or reimburse")


@router.get("/partners/{partner_id}/checklist", summary="The partner's onboarding checklist")
def checklist(partner_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    with _answers(), engine.connect() as conn:
        items = lifecycle.checklist(conn, principal, partner_id, load_program_settings())
    return [{"item": i.item, "done": i.done, "done_on": i.done_on} for i in items]


@router.get("/partners/{partner_id}/tier-gap", summary="The partner's tier, the next one and what is missing")
def tier_gap(partner_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> dict[str, Any]:
    with _answers(), engine.connect() as conn:
        check_visible(principal, "partner", partner_id, partner_id)
        gap = tiers.next_tier_gap(conn, partner_id, datetime.now(UTC).date())
    return {"current_tier": gap.current_tier, "earned_tier": gap.earned_tier, "next_tier": gap.next_tier,
            "currency": gap.currency, "criteria": [c.to_json() | {"missing": str(c.missing)} for c in gap.checks]}


@router.get("/tier-reviews", summary="Tier review proposals (internal)")
def list_tier_reviews(engine: DatabaseEngine, principal: InternalPrincipal,
                      period: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    with _answers(), engine.connect() as conn:
        return [vars(r) for r in tier_reviews.list_tier_reviews(conn, principal, period)]


@router.post("/tier-reviews/{review_id}/{decision}", summary="Accept or reject a tier review (internal)")
def decide_tier_review(review_id: RecordId, decision: str, engine: DatabaseEngine, principal: InternalPrincipal,
                       body: ReasonIn | None = None) -> dict[str, Any]:  # fmt: skip
    with _answers(), engine.begin() as conn:
        if decision == "accept":
            return vars(tier_reviews.accept_tier_review(conn, principal, review_id))
        if decision == "reject":
            return vars(tier_reviews.reject_tier_review(conn, principal, review_id, body.reason if body else ""))
    raise ApiError(404, f"no tier review decision {decision!r}: accept or reject")


@router.get("/partners/{partner_id}/health", summary="The partner's latest health score, explained (internal)")
def partner_health(partner_id: RecordId, engine: DatabaseEngine, principal: InternalPrincipal) -> dict[str, Any]:
    with engine.connect() as conn:
        found = health.latest_score(conn, partner_id, date.max)
    if found is None:
        raise ApiError(404, f"partner {partner_id} has no health score")
    return {"score": found.score, "scored_on": found.scored_on, "change": found.change,
            "inputs": [vars(i) | {"change": i.change} for i in found.inputs]}  # fmt: skip
