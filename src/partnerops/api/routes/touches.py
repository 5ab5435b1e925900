"""Touches: list and read them; claim one (status claimed); sales confirm or reject it; land a batch as an import
of touches would. Every change is audited.
A touch deleted in its CRM, or of a deleted partner or deal, is neither listed nor found (404).
`partner_id` and `opportunity_id` name the partner and the deal by external id (SYSTEM:ID or exact name too, in
filters and claims); answers hold their external ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Row, Select, select

from partnerops.analytics.live import live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, require_roles
from partnerops.api.errors import ApiError, not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import OpportunityFilter, PartnerFilter, RecordId, RefIn
from partnerops.api.record_writes import BatchIn, BatchOut, DealWriter, IdempotencyKey, Replay, land_batch
from partnerops.api.routes.record_names import resolve, resolve_optional
from partnerops.api.validation import BlankIsNone, DayIn, StrictBody, TextIn
from partnerops.auth.scope import touch_scope
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.roles import TOUCH_REVIEWERS, Principal, Role
from partnerops.store.tables import opportunities, partners, touches
from partnerops.touches.errors import SameStatus, UnknownTarget
from partnerops.touches.review import ClaimedTouch, claim_touch, confirm_touch, reject_touch

router = APIRouter(tags=["touches"])
t = touches.c

Claimant = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER, Role.PARTNER_USER))]
Reviewer = Annotated[Principal, Depends(require_roles(*TOUCH_REVIEWERS))]


class TouchOut(BaseModel):
    id: int
    source_system: str
    external_id: str
    partner_id: str
    opportunity_id: str
    type: str
    touched_on: date
    actor: str | None
    evidence: str | None
    status: str


class ClaimIn(StrictBody):
    partner_id: RefIn
    opportunity_id: RefIn
    type: TouchType
    touched_on: DayIn
    evidence: BlankIsNone[TextIn] = None


class ReviewIn(StrictBody):
    reason: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = None


_NAMED = {
    "partner_id": partners.c.external_id.label("partner_id"),
    "opportunity_id": opportunities.c.external_id.label("opportunity_id"),
}
_COLUMNS = [_NAMED.get(name, touches.c[name]) for name in TouchOut.model_fields]
_JOINED = touches.join(partners, partners.c.id == t.partner_id).join(
    opportunities, opportunities.c.id == t.opportunity_id
)


def _touches() -> Select[Any]:
    return select(*_COLUMNS).select_from(_JOINED)


def _touch(row: Row[Any]) -> TouchOut:
    return TouchOut.model_validate(row._mapping, from_attributes=False)


def _read_touch(connection: Connection, principal: Principal, touch_id: int) -> TouchOut:
    row = connection.execute(_touches().where(t.id == touch_id, touch_scope(principal), live_touch())).first()
    if row is None:
        raise not_found("touch")
    return _touch(row)


@router.get("/touches", response_model=Page[TouchOut], summary="List touches")
def list_touches(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    partner_id: PartnerFilter = None,
    opportunity_id: OpportunityFilter = None,
    status: Annotated[TouchStatus | None, Query()] = None,
    type: Annotated[TouchType | None, Query()] = None,
) -> Page[TouchOut]:
    query = _touches().where(touch_scope(principal), live_touch())
    for column, choice in ((t.status, status), (t.type, type)):
        if choice is not None:
            query = query.where(column == choice.value)
    with engine.connect() as connection:
        partner = resolve_optional(connection, "partner", partner_id, principal, "partner_id")
        opportunity = resolve_optional(connection, "opportunity", opportunity_id, principal, "opportunity_id")
        for column, record_id in ((t.partner_id, partner), (t.opportunity_id, opportunity)):
            if record_id is not None:
                query = query.where(column == record_id)
        return paginate(connection, query, paging, _touch, t.id)


@router.get("/touches/{touch_id}", response_model=TouchOut, summary="One touch")
def get_touch(touch_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> TouchOut:
    with engine.connect() as connection:
        return _read_touch(connection, principal, touch_id)


@router.post("/touches", response_model=TouchOut, status_code=201, summary="Claim a touch")
def claim(body: ClaimIn, engine: DatabaseEngine, principal: Claimant) -> TouchOut:
    """Record a partner's activity on a deal as claimed; sales confirm or reject it later."""
    try:
        with engine.begin() as connection:
            partner = resolve(connection, "partner", body.partner_id, principal, "partner_id")
            opportunity = resolve(connection, "opportunity", body.opportunity_id, principal, "opportunity_id")
            claimed = ClaimedTouch(partner, opportunity, body.type, body.touched_on, body.evidence)
            touch_id = claim_touch(connection, principal, claimed)
            return _read_touch(connection, principal, touch_id)
    except UnknownTarget as exc:
        raise ApiError(404, str(exc), field=exc.field) from exc


Review = Callable[[Connection, Principal, int, str | None], None]


def _review(
    engine: DatabaseEngine, principal: Principal, touch_id: int, review: Review, reason: str | None
) -> TouchOut:
    try:
        with engine.begin() as connection:
            review(connection, principal, touch_id, reason)
            return _read_touch(connection, principal, touch_id)
    except UnknownTarget as exc:
        raise not_found("touch") from exc
    except SameStatus as exc:
        raise ApiError(409, str(exc), code="same_status") from exc


@router.post("/touches/{touch_id}/confirm", response_model=TouchOut, summary="Confirm a touch")
def confirm(touch_id: RecordId, engine: DatabaseEngine, principal: Reviewer, body: ReviewIn | None = None) -> TouchOut:
    return _review(engine, principal, touch_id, confirm_touch, body.reason if body else None)


@router.post("/touches/{touch_id}/reject", response_model=TouchOut, summary="Reject a touch")
def reject(touch_id: RecordId, engine: DatabaseEngine, principal: Reviewer, body: ReviewIn | None = None) -> TouchOut:
    return _review(engine, principal, touch_id, reject_touch, body.reason if body else None)


@router.post("/touches/batch", response_model=BatchOut, summary="Create or update touches in a batch")
def land_touches(
    body: BatchIn,
    request: Request,
    engine: DatabaseEngine,
    principal: DealWriter,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Up to 1,000 touches as the rows of `partnerops import touches` (partner_id and opportunity_id by external
    id or exact name; status confirmed unless given): the good land, each bad one waits in the quarantine (source
    "POST /api/v1/touches/batch") with its problems listed here. A partner's claim is POST /api/v1/touches."""
    replay = Replay(engine, principal, idempotency_key, request, body)
    if (earlier := replay.earlier()) is not None:
        return earlier
    answer = land_batch(engine, principal, "touches", body.records, "POST /api/v1/touches/batch")
    replay.keep(200, answer)
    return answer
