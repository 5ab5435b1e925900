"""Partners: a list with filters and search, and one partner by id (a partner user sees only itself).
A partner deleted in its CRM is neither listed nor found (404)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import Row, select

from partnerops.analytics.live import live_partner
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import RecordId
from partnerops.auth.scope import partner_scope
from partnerops.domain.enums import PartnerType
from partnerops.store.tables import partners

router = APIRouter(tags=["partners"])


class PartnerOut(BaseModel):
    id: int
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


@router.get("/partners/{partner_id}", response_model=PartnerOut, summary="One partner")
def get_partner(partner_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> PartnerOut:
    query = select(*_COLUMNS).where(partners.c.id == partner_id, partner_scope(principal), live_partner())
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise not_found("partner")
    return _partner(row)
