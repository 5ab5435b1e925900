"""Partners: a list with filters and search, one partner by its external id (a partner user sees only itself),
and writes under the import's rules: create one, land a batch, change one (conditional on its ETag).
A partner deleted in its CRM is neither listed nor found (404)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, Row, select

from partnerops.analytics.live import live_partner
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ERROR_RESPONSES
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.record_flows import RecordFlows
from partnerops.api.record_writes import (
    BatchIn,
    BatchOut,
    IdempotencyKey,
    IfMatch,
    PartnerIn,
    ThingWriter,
    found,
    scoped_out,
    with_etag,
)
from partnerops.auth.scope import partner_scope
from partnerops.domain.enums import PartnerType
from partnerops.domain.roles import Principal
from partnerops.records.edits import current
from partnerops.store.tables import partners

router = APIRouter(tags=["partners"])


class PartnerOut(BaseModel):
    source_system: str
    external_id: str
    name: str
    type: str
    tier: str | None
    stage: str | None
    domain: str | None
    owner: str | None
    joined_on: date | None


def _partner(row: Row[Any]) -> PartnerOut:
    return PartnerOut.model_validate(row._mapping, from_attributes=False)


_COLUMNS = [partners.c[name] for name in PartnerOut.model_fields]


@router.get("/partners", response_model=Page[PartnerOut], summary="List partners")
def list_partners(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=200, description="Part of the partner's name.")] = None,
    type: Annotated[PartnerType | None, Query(description="Partner type.")] = None,
    stage: Annotated[str | None, Query(max_length=32, description="Lifecycle stage.")] = None,
) -> Page[PartnerOut]:
    query = select(*_COLUMNS).where(partner_scope(principal), live_partner())
    if q:
        query = query.where(partners.c.name.icontains(q, autoescape=True))
    if type is not None:
        query = query.where(partners.c.type == type.value)
    if stage:
        query = query.where(partners.c.stage == stage)
    with engine.connect() as connection:
        return paginate(connection, query, paging, _partner, partners.c.id)


PartnerRef = Annotated[str, Path(min_length=1, max_length=300, description="The partner's external id "
                                 "(PRT-38099), SYSTEM:ID, or exact name.")]  # fmt: skip


def _read(conn: Connection, principal: Principal, record_id: int, ref: str, response: Response) -> PartnerOut:
    query = select(*_COLUMNS).where(partners.c.id == record_id, partner_scope(principal), live_partner())
    row = conn.execute(query).first()
    if row is None:
        raise scoped_out("partner", ref, principal)
    with_etag(response, current(conn, partners, record_id))
    return _partner(row)


FLOWS = RecordFlows("partners", "partner", _read)


@router.get("/partners/{partner_id}", response_model=PartnerOut, summary="One partner",
            responses={404: ERROR_RESPONSES[404]})
def get_partner(partner_id: PartnerRef, engine: DatabaseEngine, principal: CurrentPrincipal,
                response: Response) -> PartnerOut:
    """The partner with its ETag (send it back as If-Match to change it)."""
    with engine.connect() as conn:
        return _read(conn, principal, found(conn, "partner", partner_id, principal).id, partner_id, response)


@router.post("/partners", response_model=PartnerOut, status_code=201, summary="Create a partner",
             responses={200: {"model": PartnerOut, "description": "The partner existed: updated as an import "
                              "would update it."}, 422: ERROR_RESPONSES[422]})  # fmt: skip
def create_partner(body: PartnerIn, request: Request, response: Response, engine: DatabaseEngine,
                   principal: ThingWriter, idempotency_key: IdempotencyKey = None) -> Any:
    """One partner, checked as a row of `partnerops import partners` is (id, name and type required); stored in
    source system `partnerops`. Any problem is a 422 listing each field, value and reason; nothing is stored."""
    return FLOWS.create(engine, principal, body, request, response, idempotency_key)


@router.post("/partners/batch", response_model=BatchOut, summary="Create or update partners in a batch")
def land_partners(body: BatchIn, request: Request, engine: DatabaseEngine, principal: ThingWriter,
                  idempotency_key: IdempotencyKey = None) -> Any:
    """Up to 1,000 partners as the rows of one import: the good land, each bad one waits in the quarantine
    (source "POST /api/v1/partners/batch") with its problems listed here."""
    return FLOWS.batch(engine, principal, body, request, idempotency_key)


@router.patch("/partners/{partner_id}", response_model=PartnerOut, summary="Change a partner",
              responses={404: ERROR_RESPONSES[404], 409: ERROR_RESPONSES[409], 422: ERROR_RESPONSES[422]})
def change_partner(partner_id: PartnerRef, body: PartnerIn, response: Response, engine: DatabaseEngine,
                   principal: ThingWriter, request: Request, if_match: IfMatch = None) -> Any:
    """Change some fields. Of a partner from a CRM only type, tier, stage, domain and owner (the fields both
    sides may change; the next re-import keeps the value set here); the CRM's other fields are changed there.
    With If-Match, only if the partner is still that version; either way a concurrent change makes it a 409."""
    return FLOWS.change(engine, principal, partner_id, body, request, response, if_match)
