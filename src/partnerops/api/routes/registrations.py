"""Deal registrations: partners submit and ask for extensions; partner managers approve, reject and extend.
Partners, accounts and opportunities are named by their external ids: `partner_id` in a body takes the partner's
external id, SYSTEM:ID or exact name, and `partner_id`, `account_id` and `opportunity_id(s)` in answers hold
external ids."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ApiError
from partnerops.api.pagination import Page, Paging
from partnerops.api.params import RecordId, RefIn
from partnerops.api.routes.record_names import external_ids, resolved
from partnerops.api.validation import (
    AmountIn,
    BlankIsNone,
    CurrencyIn,
    DayIn,
    EmailIn,
    NameIn,
    StrictBody,
    TextIn,
    WebDomainIn,
    money_in,
)
from partnerops.domain.registration_rules import Conflict, RegistrationStatus
from partnerops.registrations import service
from partnerops.registrations.errors import (
    DuplicateRegistration,
    IdempotencyKeyReused,
    InvalidRegistration,
    InvalidTransition,
    ReasonRequired,
    RegistrationForbidden,
    RegistrationNotFound,
)
from partnerops.registrations.model import Registration, RegistrationInput

router = APIRouter(tags=["registrations"])
IDEMPOTENCY_HEADER = "Idempotency-Key"
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique printable text (a UUID, say): a retried request with the same key and body creates "
        "nothing new.",
    ),
]


class RegistrationIn(StrictBody):
    company_name: NameIn
    estimated_amount: AmountIn
    currency: CurrencyIn
    estimated_close_on: DayIn
    domain: BlankIsNone[WebDomainIn] = None
    contact_name: BlankIsNone[NameIn] = None
    contact_email: BlankIsNone[EmailIn] = None
    notes: BlankIsNone[TextIn] = None
    partner_id: RefIn | None = Field(
        default=None,
        description="The partner registered for (its external id, SYSTEM:ID or exact name); internal users only.",
    )


class RejectIn(StrictBody):
    reason: Annotated[TextIn, Field(max_length=2_000, description="Why; the partner reads it in the notice.")]


class ApproveIn(StrictBody):
    override_reason: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = Field(
        default=None, description="Why to approve although another partner's registration for the same company is live."
    )


class ConflictOut(BaseModel):
    rule: str
    detail: str
    account_id: str | None
    opportunity_ids: list[str]
    registration_ids: list[int]


class RegistrationOut(BaseModel):
    id: int
    partner_id: str
    company_name: str
    domain: str | None
    contact_name: str | None
    contact_email: str | None
    estimated_amount: Decimal | None
    currency: str | None
    estimated_close_on: date | None
    notes: str | None
    status: RegistrationStatus
    account_id: str | None
    opportunity_id: str | None
    conflicts: list[ConflictOut]
    rules_version: str
    submitted_at: datetime
    respond_by: datetime
    overdue: bool
    expires_on: date
    extension_requested_at: datetime | None
    decided_at: datetime | None
    decision_reason: str | None


class _Names:
    """The external ids of the partners, accounts and opportunities some registrations name, read at once."""

    def __init__(self, engine: Engine, found: list[Registration]) -> None:
        conflicts = [c for r in found for c in r.conflicts]
        with engine.connect() as conn:
            self.partners = external_ids(conn, "partner", (r.partner_id for r in found))
            self.accounts = external_ids(conn, "account", [r.account_id for r in found]
                                         + [c.account_id for c in conflicts])  # fmt: skip
            self.opportunities = external_ids(conn, "opportunity", [r.opportunity_id for r in found]
                                              + [i for c in conflicts for i in c.opportunity_ids])  # fmt: skip

    def conflict(self, c: Conflict) -> ConflictOut:
        return ConflictOut(rule=c.rule.value, detail=c.detail,
                           account_id=None if c.account_id is None else self.accounts[c.account_id],
                           opportunity_ids=[self.opportunities[i] for i in c.opportunity_ids],
                           registration_ids=list(c.registration_ids))  # fmt: skip

    def out(self, r: Registration) -> RegistrationOut:
        amount = r.estimated_amount
        return RegistrationOut(
            id=r.id, partner_id=self.partners[r.partner_id], company_name=r.company_name, domain=r.domain,
            contact_name=r.contact_name, contact_email=r.contact_email,
            estimated_amount=amount.amount if amount else None, currency=amount.currency if amount else None,
            estimated_close_on=r.estimated_close_on, notes=r.notes, status=r.status,
            account_id=None if r.account_id is None else self.accounts[r.account_id],
            opportunity_id=None if r.opportunity_id is None else self.opportunities[r.opportunity_id],
            conflicts=[self.conflict(c) for c in r.conflicts], rules_version=r.rules_version,
            submitted_at=r.submitted_at, respond_by=r.respond_by, overdue=r.overdue, expires_on=r.expires_on,
            extension_requested_at=r.extension_requested_at, decided_at=r.decided_at,
            decision_reason=r.decision_reason,
        )  # fmt: skip


def _out(engine: Engine, r: Registration) -> RegistrationOut:
    return _Names(engine, [r]).out(r)


@contextmanager
def _answers() -> Iterator[None]:
    """Registration errors as the API's statuses: unseen is 404, a wrong role 403, a wrong state 409."""
    try:
        yield
    except RegistrationNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    except RegistrationForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except InvalidRegistration as exc:
        raise ApiError(422, exc.message, field=exc.field) from exc
    except IdempotencyKeyReused as exc:
        raise ApiError(409, str(exc), code="idempotency_key_reused", field=IDEMPOTENCY_HEADER) from exc
    except DuplicateRegistration as exc:
        raise ApiError(409, str(exc), code="duplicate_registration", field="company_name") from exc
    except ReasonRequired as exc:
        raise ApiError(422, str(exc), field="reason") from exc
    except InvalidTransition as exc:
        raise ApiError(409, str(exc), code="invalid_transition") from exc


@router.post(
    "/registrations",
    response_model=RegistrationOut,
    status_code=201,
    summary="Register a deal",
    responses={
        200: {
            "model": RegistrationOut,
            "description": "The registration this Idempotency-Key created before: nothing new was made.",
        }
    },
)
def submit(
    body: RegistrationIn,
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationOut:
    """Record a partner's claim; conflicts with existing deals or registrations are flagged for a manager. Send an
    `Idempotency-Key` to make retries safe: the same key with the same body answers the first registration (200);
    with another body it is a 409. A company the partner already holds a live registration for is a 409 too."""
    amount = money_in(body.estimated_amount, body.currency, "estimated_amount")
    fields = body.model_dump(exclude={"estimated_amount", "currency", "partner_id"})
    partner = resolved(engine, "partner", body.partner_id, principal, "partner_id")
    form = RegistrationInput(estimated_amount=amount, partner_id=partner, **fields)
    with _answers():
        done = service.submit_registration_once(engine, principal, form, idempotency_key)
    if done.replayed:
        response.status_code = 200
    return _out(engine, done.registration)


@router.get("/registrations", response_model=Page[RegistrationOut], summary="List registrations")
def list_registrations(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    status: Annotated[RegistrationStatus | None, Query()] = None,
    overdue: Annotated[bool | None, Query(description="Only pending ones past (true) or within (false) SLA.")] = None,
) -> Page[RegistrationOut]:
    found = service.list_registrations(engine, principal, status, overdue)
    shown = found[paging.offset : paging.offset + paging.limit]
    names = _Names(engine, shown)
    items = [names.out(r) for r in shown]
    return Page[RegistrationOut](items=items, total=len(found), limit=paging.limit, offset=paging.offset)


@router.get("/registrations/{registration_id}", response_model=RegistrationOut, summary="One registration")
def get_registration(registration_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> RegistrationOut:
    with _answers():
        return _out(engine, service.get_registration(engine, principal, registration_id))


@router.post("/registrations/{registration_id}/approve", response_model=RegistrationOut, summary="Approve")
def approve(
    registration_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal, body: ApproveIn | None = None
) -> RegistrationOut:
    """Attach the deal and credit the partner with a confirmed deal_registration touch; the partner is mailed.
    While another partner's registration for the same company is live the answer is 409, unless
    `override_reason` says why it goes ahead (kept in the audit log)."""
    with _answers():
        return _out(
            engine,
            service.approve_registration(
                engine, principal, registration_id, override_reason=body.override_reason if body else None
            ),
        )


@router.post("/registrations/{registration_id}/reject", response_model=RegistrationOut, summary="Reject")
def reject(
    registration_id: RecordId, body: RejectIn, engine: DatabaseEngine, principal: CurrentPrincipal
) -> RegistrationOut:
    with _answers():
        return _out(engine, service.reject_registration(engine, principal, registration_id, body.reason))


@router.post(
    "/registrations/{registration_id}/extension", response_model=RegistrationOut, summary="Ask for an extension"
)
def request_extension(
    registration_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal
) -> RegistrationOut:
    with _answers():
        return _out(engine, service.request_extension(engine, principal, registration_id))


@router.post(
    "/registrations/{registration_id}/extension/grant",
    response_model=RegistrationOut,
    summary="Grant the requested extension",
)
def grant_extension(registration_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> RegistrationOut:
    with _answers():
        return _out(engine, service.grant_extension(engine, principal, registration_id))
