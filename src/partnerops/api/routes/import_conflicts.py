"""Import conflicts: fields a re-import and a decision made in PartnerOps both changed. Admins and partner
managers list them and decide which value stays; keeping the file's value is applied and audited. The record is
named by `source_system` and `external_id`; `entity_id` is given for touches only (PartnerOps' own touch id)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Row

from partnerops.api.dependencies import DatabaseEngine, require_roles
from partnerops.api.errors import ApiError, not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import RecordId
from partnerops.api.validation import BlankIsNone, StrictBody, TextIn
from partnerops.domain.roles import Principal
from partnerops.store.conflict_tables import import_conflicts
from partnerops.store.conflicts_repo import (
    RESOLVERS,
    ConflictClosed,
    UnknownConflict,
    conflict_record,
    conflicts_query,
    get_conflict,
    resolve_conflict,
)

router = APIRouter(tags=["import conflicts"])
Operator = Annotated[Principal, Depends(require_roles(*RESOLVERS))]


class StatusFilter(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    SUPERSEDED = "superseded"
    ALL = "all"


class ConflictOut(BaseModel):
    id: int
    entity: str
    entity_id: int | None = Field(description="The touch id, for a conflict on a touch; else null.")
    source_system: str
    external_id: str
    field: str
    base: str | None = Field(description="The value last imported.")
    ours: str | None = Field(description="The value PartnerOps held when the conflict was found.")
    theirs: str | None = Field(description="The re-imported file's value.")
    status: str
    batch_id: int | None
    detected_at: datetime
    kept: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    reason: str | None


class ResolveIn(StrictBody):
    keep: Literal["ours", "theirs"] = Field(description="ours: PartnerOps's value stays; theirs: the file's value.")
    reason: BlankIsNone[Annotated[TextIn, Field(max_length=2_000)]] = None


def _conflict(row: Row[Any] | dict[str, Any]) -> ConflictOut:
    found = row if isinstance(row, dict) else conflict_record(row)
    touch = found["entity_id"] if found["entity"] == "touches" else None
    return ConflictOut.model_validate(found | {"entity_id": touch})


@router.get("/import-conflicts", response_model=Page[ConflictOut], summary="List import conflicts")
def list_import_conflicts(
    engine: DatabaseEngine,
    _principal: Operator,
    paging: Paging,
    status: Annotated[StatusFilter, Query()] = StatusFilter.OPEN,
) -> Page[ConflictOut]:
    query = conflicts_query(None if status is StatusFilter.ALL else status.value)
    with engine.connect() as connection:
        return paginate(connection, query, paging, _conflict, import_conflicts.c.id)


@router.get("/import-conflicts/{conflict_id}", response_model=ConflictOut, summary="One import conflict")
def get_import_conflict(conflict_id: RecordId, engine: DatabaseEngine, _principal: Operator) -> ConflictOut:
    try:
        with engine.connect() as connection:
            return _conflict(get_conflict(connection, conflict_id))
    except UnknownConflict as exc:
        raise not_found("import conflict") from exc


@router.post("/import-conflicts/{conflict_id}/resolve", response_model=ConflictOut, summary="Resolve a conflict")
def resolve(conflict_id: RecordId, body: ResolveIn, engine: DatabaseEngine, principal: Operator) -> ConflictOut:
    """Keep PartnerOps's value (`ours`) or apply the file's (`theirs`, audited). A conflict already resolved, or
    superseded by a later import, is a 409."""
    try:
        with engine.begin() as connection:
            now = datetime.now(UTC)
            return _conflict(resolve_conflict(connection, conflict_id, body.keep, principal.email, now, body.reason))
    except UnknownConflict as exc:
        raise not_found("import conflict") from exc
    except ConflictClosed as exc:
        raise ApiError(409, str(exc), code="conflict_closed") from exc
