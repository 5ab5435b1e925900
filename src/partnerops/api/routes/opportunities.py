"""Opportunities: a list with filters (partner, outcome, stage, created/closed ranges, name search) and one by id.
A deal deleted in its CRM (or on a deleted account) is neither listed nor found: 404, as for any unknown id."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import Row, Select, exists, select

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import IdFilter, RecordId
from partnerops.auth.scope import check_partner_filter, opportunity_scope
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.store.tables import opportunities, touches

router = APIRouter(tags=["opportunities"])
o = opportunities.c


class OpportunityOut(BaseModel):
    id: int
    source_system: str
    external_id: str
    account_id: int
    name: str
    amount: str | None  # None: an open deal whose amount is not known yet
    currency: str
    stage: str
    outcome: str
    created_on: date
    closed_on: date | None
    expected_close_on: date | None
    lead_source: str | None
    owner: str | None
    owner_team: str | None
    deal_type: str | None


class OpportunityFilters(BaseModel):
    q: str | None = None
    partner_id: int | None = None
    account_id: int | None = None
    outcome: Outcome | None = None
    stage: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None


def _opportunity(row: Row[Any]) -> OpportunityOut:
    values = dict(row._mapping)
    minor = values.pop("amount_minor")
    values["amount"] = None if minor is None else str(Money.from_minor(minor, values["currency"]).amount)
    return OpportunityOut.model_validate(values)


_COLUMNS = [o.id, o.source_system, o.external_id, o.account_id, o.name, o.amount_minor, o.currency, o.stage,
            o.outcome, o.created_on, o.closed_on, o.expected_close_on, o.lead_source, o.owner, o.owner_team,
            o.deal_type]  # fmt: skip


def _filtered(query: Select[Any], f: OpportunityFilters) -> Select[Any]:
    conditions = [
        o.name.icontains(f.q, autoescape=True) if f.q else None,
        o.account_id == f.account_id if f.account_id is not None else None,
        o.outcome == f.outcome.value if f.outcome is not None else None,
        o.stage == f.stage if f.stage else None,
        o.created_on >= f.created_from if f.created_from else None,
        o.created_on <= f.created_to if f.created_to else None,
        o.closed_on >= f.closed_from if f.closed_from else None,
        o.closed_on <= f.closed_to if f.closed_to else None,
    ]
    if f.partner_id is not None:
        touched = select(touches.c.id).where(
            touches.c.opportunity_id == o.id, touches.c.partner_id == f.partner_id, live_touch()
        )
        conditions.append(exists(touched))
    return query.where(*[condition for condition in conditions if condition is not None])


@router.get("/opportunities", response_model=Page[OpportunityOut], summary="List opportunities")
def list_opportunities(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=200, description="Part of the opportunity's name.")] = None,
    partner_id: IdFilter = None,
    account_id: IdFilter = None,
    outcome: Annotated[Outcome | None, Query()] = None,
    stage: Annotated[str | None, Query(max_length=100)] = None,
    created_from: Annotated[date | None, Query(description="Created on or after.")] = None,
    created_to: Annotated[date | None, Query(description="Created on or before.")] = None,
    closed_from: Annotated[date | None, Query(description="Closed on or after.")] = None,
    closed_to: Annotated[date | None, Query(description="Closed on or before.")] = None,
) -> Page[OpportunityOut]:
    check_partner_filter(principal, partner_id)
    filters = OpportunityFilters(
        q=q, partner_id=partner_id, account_id=account_id, outcome=outcome, stage=stage,
        created_from=created_from, created_to=created_to, closed_from=closed_from, closed_to=closed_to,
    )  # fmt: skip
    query = _filtered(select(*_COLUMNS).where(opportunity_scope(principal), live_opportunity()), filters)
    with engine.connect() as connection:
        return paginate(connection, query, paging, _opportunity, o.id)


@router.get("/opportunities/{opportunity_id}", response_model=OpportunityOut, summary="One opportunity")
def get_opportunity(opportunity_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> OpportunityOut:
    query = select(*_COLUMNS).where(o.id == opportunity_id, opportunity_scope(principal), live_opportunity())
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise not_found("opportunity")
    return _opportunity(row)
