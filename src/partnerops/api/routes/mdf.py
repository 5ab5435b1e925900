"""API for market development funds: the balance, requests and claims. A partner user sees and files only its
own partner's; decisions are internal. `partner_id` names the partner by external id (SYSTEM:ID or exact name too,
in filters and bodies); answers hold its external id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.params import PartnerFilter, RecordId, RefIn
from partnerops.api.routes.money_json import MoneyOut, money_out
from partnerops.api.routes.program_http import ReasonIn, program_answers
from partnerops.api.routes.record_names import external_ids, resolved
from partnerops.api.validation import AmountIn, BlankIsNone, CurrencyIn, DayIn, NameIn, StrictBody, TextIn, money_in
from partnerops.domain.roles import Principal
from partnerops.program import mdf, mdf_claims, mdf_requests
from partnerops.program.access import own_partner
from partnerops.program.mdf_model import ClaimInput, ClaimStatus, MdfClaim, MdfRequest, RequestInput, RequestStatus

# Tagged by the program router that includes this one.
router = APIRouter()


class RequestIn(StrictBody):
    period: str = Field(max_length=16, description="2026, 2026-H2 or 2026-Q4.")
    title: NameIn
    plan: TextIn
    budget: AmountIn
    currency: CurrencyIn
    starts_on: DayIn
    ends_on: DayIn
    partner_id: RefIn | None = Field(default=None, description="The partner (external id, SYSTEM:ID or exact "
                                     "name); internal users only.")


class ClaimIn(StrictBody):
    amount: AmountIn
    proof_reference: Annotated[TextIn, Field(max_length=2_000, description="A file reference or URL.")]
    proof_description: TextIn


class ClaimDecisionIn(StrictBody):
    reason: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = Field(None, description="reject: why.")
    payment_reference: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = Field(
        None, description="reimburse: the payment's reference.")


class RequestOut(BaseModel):
    id: int
    partner_id: str
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
    partner_id: str
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


Names = dict[int, str]


def _names(conn: Connection, found: Sequence[MdfRequest | MdfClaim]) -> Names:
    return external_ids(conn, "partner", (r.partner_id for r in found))


def _request_out(conn: Connection, r: MdfRequest, names: Names | None = None) -> RequestOut:
    partner = (names or _names(conn, [r]))[r.partner_id]
    return RequestOut(id=r.id, partner_id=partner, period=r.period, title=r.title, plan=r.plan,
                      budget=money_out(r.budget), starts_on=r.starts_on, ends_on=r.ends_on, status=r.status,
                      decision_reason=r.decision_reason)  # fmt: skip


def _claim_out(conn: Connection, c: MdfClaim, names: Names | None = None) -> ClaimOut:
    partner = (names or _names(conn, [c]))[c.partner_id]
    return ClaimOut(id=c.id, request_id=c.request_id, partner_id=partner, amount=money_out(c.amount),
                    proof_reference=c.proof_reference, proof_description=c.proof_description, status=c.status,
                    decision_reason=c.decision_reason, payment_reference=c.payment_reference)  # fmt: skip


def _partner_for(engine: Engine, principal: Principal, ref: str | None) -> int:
    """The partner named (a partner's user: only its own, else a 404), or the caller's own."""
    partner = resolved(engine, "partner", ref, principal, "partner_id")
    with program_answers():
        return own_partner(principal, partner)


@router.get("/mdf/balance", response_model=list[BalanceOut], summary="MDF balance per currency")
def balance(engine: DatabaseEngine, principal: CurrentPrincipal, partner_id: PartnerFilter = None) -> list[BalanceOut]:
    owner = _partner_for(engine, principal, partner_id)
    with engine.connect() as conn:
        found = mdf.partner_mdf_balance(conn, owner, datetime.now(UTC).date())
    return [BalanceOut(currency=b.currency, allocated=money_out(b.allocated), requested=money_out(b.requested),
                       committed=money_out(b.committed), claimed=money_out(b.claimed),
                       reimbursed=money_out(b.reimbursed), remaining=money_out(b.remaining))
            for b in found.values()]  # fmt: skip


@router.get("/mdf/requests", response_model=list[RequestOut], summary="MDF requests")
def list_requests(engine: DatabaseEngine, principal: CurrentPrincipal, status: RequestStatus | None = None,
                  partner_id: PartnerFilter = None) -> list[RequestOut]:  # fmt: skip
    partner = None if partner_id is None else _partner_for(engine, principal, partner_id)
    with engine.connect() as conn:
        found = mdf_requests.list_requests(conn, principal, status, partner)
        names = _names(conn, found)
        return [_request_out(conn, r, names) for r in found]


@router.post("/mdf/requests", response_model=RequestOut, status_code=201, summary="Request MDF")
def submit_request(body: RequestIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> RequestOut:
    owner = _partner_for(engine, principal, body.partner_id)
    with program_answers(), engine.begin() as conn:
        budget = money_in(body.budget, body.currency, "budget")
        form = RequestInput(body.period, body.title, body.plan, budget, body.starts_on, body.ends_on)
        return _request_out(conn, mdf_requests.submit_request(conn, principal, form, owner))


@router.get("/mdf/requests/{request_id}", response_model=RequestOut, summary="One MDF request")
def get_request(request_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> RequestOut:
    with program_answers(), engine.connect() as conn:
        return _request_out(conn, mdf_requests.get_request(conn, principal, request_id))


@router.post("/mdf/requests/{request_id}/approve", response_model=RequestOut, summary="Approve an MDF request")
def approve_request(request_id: RecordId, engine: DatabaseEngine, principal: InternalPrincipal) -> RequestOut:
    with program_answers(), engine.begin() as conn:
        return _request_out(conn, mdf_requests.approve_request(conn, principal, request_id))


@router.post("/mdf/requests/{request_id}/reject", response_model=RequestOut, summary="Reject an MDF request")
def reject_request(request_id: RecordId, body: ReasonIn, engine: DatabaseEngine,
                   principal: InternalPrincipal) -> RequestOut:  # fmt: skip
    with program_answers(), engine.begin() as conn:
        return _request_out(conn, mdf_requests.reject_request(conn, principal, request_id, body.reason))


@router.get("/mdf/claims", response_model=list[ClaimOut], summary="MDF claims")
def list_claims(engine: DatabaseEngine, principal: CurrentPrincipal,
                status: ClaimStatus | None = None) -> list[ClaimOut]:  # fmt: skip
    with engine.connect() as conn:
        found = mdf_claims.list_claims(conn, principal, status)
        names = _names(conn, found)
        return [_claim_out(conn, c, names) for c in found]


@router.post("/mdf/requests/{request_id}/claims", response_model=ClaimOut, status_code=201,
             summary="Claim against an approved request, with proof of performance")  # fmt: skip
def submit_claim(request_id: RecordId, body: ClaimIn, engine: DatabaseEngine, principal: CurrentPrincipal) -> ClaimOut:
    with program_answers(), engine.begin() as conn:
        currency = mdf_requests.get_request(conn, principal, request_id).budget.currency
        form = ClaimInput(money_in(body.amount, currency, "amount"), body.proof_reference, body.proof_description)
        return _claim_out(conn, mdf_claims.submit_claim(conn, principal, request_id, form))


@router.post("/mdf/claims/{claim_id}/{decision}", response_model=ClaimOut, summary="Approve, reject or reimburse")
def decide_claim(claim_id: RecordId, decision: str, engine: DatabaseEngine, principal: InternalPrincipal,
                 body: ClaimDecisionIn | None = None) -> ClaimOut:  # fmt: skip
    """decision: approve; reject (body {"reason"}); reimburse (body {"payment_reference"})."""
    given = body or ClaimDecisionIn()
    text = (given.reason if decision == "reject" else given.payment_reference) or ""
    with program_answers(), engine.begin() as conn:
        if decision == "approve":
            return _claim_out(conn, mdf_claims.approve_claim(conn, principal, claim_id))
        if decision == "reject":
            return _claim_out(conn, mdf_claims.reject_claim(conn, principal, claim_id, text))
        if decision == "reimburse":
            return _claim_out(conn, mdf_claims.reimburse_claim(conn, principal, claim_id, text))
    raise ApiError(404, f"no claim decision {decision!r}: approve, reject or reimburse")
