"""Touches: list and read them; claim one (status claimed); sales confirm or reject it; land a batch as an import
of touches would. Every change is audited.
A touch deleted in its CRM, or of a deleted partner or deal, is neither listed nor found (404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Row, select

from partnerops.analytics.live import live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine, require_roles
from partnerops.api.errors import ApiError, not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import IdFilter, RecordId
from partnerops.api.record_writes import BatchIn, BatchOut, DealWriter, IdempotencyKey, Replay, land_batch
from partnerops.api.validation import BlankIsNone, DayIn, StrictBody, TextIn
from partnerops.auth.scope import check_partner_filter, touch_scope
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.roles import TOUCH_REVIEWERS, Principal, Role
from partnerops.store.tables import touches
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
    partner_id: int
    opportunity_id: int
    type: str
    touched_on: date
    actor: str | None
    evidence: str | None
    status: str


class ClaimIn(StrictBody):
    partner_id: int = Field(ge=1, le=2**31 - 1)
    opportunity_id: int = Field(ge=1, le=2**31 - 1)
    type: TouchType
    touched_on: DayIn
    evidence: BlankIsNone[TextIn] = None


class ReviewIn(StrictBody):
    reason: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = None


_COLUMNS = [touches.c[name] for name in TouchOut.model_fields]


def _touch(row: Row[Any]) -> TouchOut:
    return TouchOut.model_validate(row._mapping, from_attributes=False)


def _read_touch(connection: Connection, principal: Principal, touch_id: int) -> TouchOut:
    row = connection.execute(select(*_COLUMNS).where(t.id == touch_id, touch_scope(principal), live_touch())).first()
    if row is None:
        raise not_found("touch")
    return _touch(row)


@router.get("/touches", response_model=Page[TouchOut], summary="List touches")
def list_touches(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    partner_id: IdFilter = None,
    opportunity_id: IdFilter = None,
    status: Annotated[TouchStatus | None, Query()] = None,
    type: Annotated[TouchType | None, Query()] = None,
) -> Page[TouchOut]:
    check_partner_filter(principal, partner_id)
    query = select(*_COLUMNS).where(touch_scope(principal), live_touch())
    for column, value in ((t.partner_id, partner_id), (t.opportunity_id, opportunity_id)):
        if value is not None:
            query = query.where(column == value)
    for column, choice in ((t.status, status), (t.type, type)):
        if choice is not None:
            query = query.where(column == choice.value)
    with engine.connect() as connection:
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
            touch_id = claim_touch(connection, principal, ClaimedTouch(**body.model_dump()))
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
def land_touches(body: BatchIn, request: Request, engine: DatabaseEngine, principal: DealWriter,
                 idempotency_key: IdempotencyKey = None) -> Any:
    """Up to 1,000 touches as the rows of `partnerops import touches` (partner_id and opportunity_id by external
    id or exact name; status confirmed unless given): the good land, each bad one waits in the quarantine (source
    "POST /api/v1/touches/batch") with its problems listed here. A partner's claim is POST /api/v1/touches."""
    replay = Replay(engine, principal, idempotency_key, request, body)
    if (earlier := replay.earlier()) is not None:
        return earlier
    answer = land_batch(engine, principal, "touches", body.records, "POST /api/v1/touches/batch")
    replay.keep(200, answer)
    return answer
