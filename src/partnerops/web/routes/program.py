"""Pages for the program: the portal's MDF page (balance, request funds, claim with proof) and the internal
approval pages (/mdf: requests and claims to decide; /program: tier review proposals and health scores)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.domain.money import UnknownCurrency
from partnerops.program import health, mdf, mdf_claims, mdf_requests, tier_reviews
from partnerops.program.access import PAYERS, PROGRAM_MANAGERS
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)
from partnerops.program.mdf_model import ClaimInput, RequestInput
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.form_fields import form_amount, form_day, form_name, form_problems, form_reason, form_text
from partnerops.web.list_views import lists_of
from partnerops.web.portal_form import CURRENCIES
from partnerops.web.queries.mdf_lists import (
    MDF_CLAIMS,
    MDF_REQUESTS,
    MY_MDF_CLAIMS,
    MY_MDF_REQUESTS,
    claim_list,
    own_claim_list,
    own_request_list,
    request_list,
)
from partnerops.web.queries.partners import partner_names
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Internal = Annotated[Viewer, Depends(internal_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]


@contextmanager
def _program_errors() -> Iterator[None]:
    try:
        yield
    except ProgramNotFound as exc:
        raise PageError(404, str(exc)) from exc
    except ProgramForbidden as exc:
        raise PageError(403, str(exc)) from exc
    except (InvalidProgramInput, InvalidTransition, InsufficientFunds, UnknownCurrency, ValueError) as exc:
        raise PageError(400, str(exc)) from exc


@router.get("/portal/mdf")
def portal_mdf(request: Request, viewer: Partner, engine: Database, submitted: str | None = None) -> Response:
    """The partner's balance, the request form, and its requests and claims as two lists (each with its own
    parameters, requests_q, claims_page, ...), scoped to the viewer's partner in SQL."""
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    lists = lists_of(request, engine, ((MY_MDF_REQUESTS, own_request_list(partner_id), "my-mdf-requests"),
                                       (MY_MDF_CLAIMS, own_claim_list(partner_id), "my-mdf-claims")))
    if isinstance(lists, Response):
        return lists
    requests_page, claims_page = lists
    with engine.connect() as conn:
        balances = mdf.partner_mdf_balance(conn, partner_id, datetime.now(UTC).date()).values()
    return render(
        request, "portal_mdf.html.j2", viewer, title="My MDF", currencies=CURRENCIES, message=submitted,
        balances=balances, requests=requests_page, claims=claims_page,
    )  # fmt: skip


@router.post("/portal/mdf/requests")
def request_funds(viewer: Partner, engine: Database, form: PostedForm) -> Response:
    """A partner asks for funds; the request always lands on its own partner."""
    with _program_errors(), engine.begin() as conn:
        currency = form.get("currency", "")
        if currency not in CURRENCIES:
            raise InvalidProgramInput("currency", f"choose one of {', '.join(CURRENCIES)}")
        entry = RequestInput(form.get("period", ""), form_name(form, "title", "Title"), form_text(form, "plan", "Plan"),
                             form_amount(form, "budget", "Budget", currency), form_day(form, "starts_on", "Start"),
                             form_day(form, "ends_on", "End"))  # fmt: skip
        mdf_requests.submit_request(conn, viewer.principal, entry)
    return RedirectResponse("/portal/mdf?submitted=request", status_code=303)


@router.post("/portal/mdf/requests/{mdf_request_id}/claims")
def claim_funds(mdf_request_id: int, viewer: Partner, engine: Database, form: PostedForm) -> Response:
    with _program_errors(), engine.begin() as conn:
        currency = mdf_requests.get_request(conn, viewer.principal, mdf_request_id).budget.currency
        entry = ClaimInput(form_amount(form, "amount", "Amount", currency),
                           form_text(form, "proof_reference", "Proof reference"),
                           form_text(form, "proof_description", "Proof description"))  # fmt: skip
        mdf_claims.submit_claim(conn, viewer.principal, mdf_request_id, entry)
    return RedirectResponse("/portal/mdf?submitted=claim", status_code=303)


@router.get("/mdf")
def mdf_queue(request: Request, viewer: Internal, engine: Database) -> Response:
    """Two lists: MDF requests (pending by default) and claims (open by default), each with its own parameters."""
    principal = viewer.principal
    lists = lists_of(request, engine, ((MDF_REQUESTS, request_list(), "mdf-requests"),
                                       (MDF_CLAIMS, claim_list(), "mdf-claims")))
    if isinstance(lists, Response):
        return lists
    requests_page, claims_page = lists
    return render(
        request, "mdf.html.j2", viewer, title="MDF approvals", requests=requests_page, claims=claims_page,
        may_decide=principal.role in PROGRAM_MANAGERS, may_pay=principal.role in PAYERS,
    )  # fmt: skip


def _decided(engine: Engine, viewer: Viewer, action: Callable[..., Any], *args: Any, back: str) -> Response:
    with _program_errors(), engine.begin() as conn:
        action(conn, viewer.principal, *args)
    return RedirectResponse(back, status_code=303)


@router.post("/mdf/requests/{mdf_request_id}/approve")
def approve_request(mdf_request_id: int, viewer: Internal, engine: Database, _form: PostedForm) -> Response:
    return _decided(engine, viewer, mdf_requests.approve_request, mdf_request_id, back="/mdf")


@router.post("/mdf/requests/{mdf_request_id}/reject")
def reject_request(mdf_request_id: int, viewer: Internal, engine: Database, form: PostedForm) -> Response:
    with form_problems():
        reason = form_reason(form, "reason", "Reason")
    return _decided(engine, viewer, mdf_requests.reject_request, mdf_request_id, reason, back="/mdf")


@router.post("/mdf/claims/{mdf_claim_id}/approve")
def approve_claim(mdf_claim_id: int, viewer: Internal, engine: Database, _form: PostedForm) -> Response:
    return _decided(engine, viewer, mdf_claims.approve_claim, mdf_claim_id, back="/mdf")


@router.post("/mdf/claims/{mdf_claim_id}/reject")
def reject_claim(mdf_claim_id: int, viewer: Internal, engine: Database, form: PostedForm) -> Response:
    with form_problems():
        reason = form_reason(form, "reason", "Reason")
    return _decided(engine, viewer, mdf_claims.reject_claim, mdf_claim_id, reason, back="/mdf")


@router.post("/mdf/claims/{mdf_claim_id}/reimburse")
def reimburse_claim(mdf_claim_id: int, viewer: Internal, engine: Database, form: PostedForm) -> Response:
    with form_problems():
        reference = form_reason(form, "payment_reference", "Payment reference")
    return _decided(engine, viewer, mdf_claims.reimburse_claim, mdf_claim_id, reference, back="/mdf")


@router.get("/program")
def program_overview(request: Request, viewer: Internal, conn: Reading) -> Response:
    names = partner_names(conn)
    today = datetime.now(UTC).date()
    scores = [s for s in (health.latest_score(conn, partner_id, today) for partner_id in names) if s is not None]
    return render(
        request, "program.html.j2", viewer, title="Program: tiers and health", names=names, scores=scores,
        may_decide=viewer.principal.role in PROGRAM_MANAGERS,
        reviews=tier_reviews.list_tier_reviews(conn, viewer.principal, status=tier_reviews.PROPOSED),
    )  # fmt: skip


@router.post("/program/tier-reviews/{tier_review_id}/accept")
def accept_review(tier_review_id: int, viewer: Internal, engine: Database, _form: PostedForm) -> Response:
    return _decided(engine, viewer, tier_reviews.accept_tier_review, tier_review_id, back="/program")


@router.post("/program/tier-reviews/{tier_review_id}/reject")
def reject_review(tier_review_id: int, viewer: Internal, engine: Database, form: PostedForm) -> Response:
    with form_problems():
        reason = form_reason(form, "reason", "Reason")
    return _decided(engine, viewer, tier_reviews.reject_tier_review, tier_review_id, reason, back="/program")

