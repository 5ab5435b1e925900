"""Opportunities: a list with filters (partner, outcome, stage, created/closed ranges, name search) and one by id.
A deal deleted in its CRM (or on a deleted account) is neither listed nor found: 404, as for any unknown id."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, Row, Select, exists, select

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ERROR_RESPONSES
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import AccountFilter, PartnerFilter
from partnerops.api.record_flows import RecordFlows
from partnerops.api.record_writes import (
    BatchIn,
    BatchOut,
    DealWriter,
    IdempotencyKey,
    IfMatch,
    OpportunityIn,
    found,
    scoped_out,
    with_etag,
)
from partnerops.api.routes.record_names import resolve_optional
from partnerops.auth.scope import opportunity_scope
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.records.edits import current
from partnerops.store.tables import accounts, opportunities, touches

router = APIRouter(tags=["opportunities"])
o = opportunities.c


class OpportunityOut(BaseModel):
    source_system: str
    external_id: str
    account_id: str  # the account's external id
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
    partner_id: int | None = None  # row ids, resolved from the references the caller gave
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


_COLUMNS = [o.source_system, o.external_id, accounts.c.external_id.label("account_id"), o.name, o.amount_minor,
            o.currency, o.stage, o.outcome, o.created_on, o.closed_on, o.expected_close_on, o.lead_source, o.owner,
            o.owner_team, o.deal_type]  # fmt: skip


_WITH_ACCOUNT = opportunities.join(accounts, accounts.c.id == o.account_id)


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
    partner_id: PartnerFilter = None,
    account_id: AccountFilter = None,
    outcome: Annotated[Outcome | None, Query()] = None,
    stage: Annotated[str | None, Query(max_length=100)] = None,
    created_from: Annotated[date | None, Query(description="Created on or after.")] = None,
    created_to: Annotated[date | None, Query(description="Created on or before.")] = None,
    closed_from: Annotated[date | None, Query(description="Closed on or after.")] = None,
    closed_to: Annotated[date | None, Query(description="Closed on or before.")] = None,
) -> Page[OpportunityOut]:
    with engine.connect() as connection:
        filters = OpportunityFilters(
            q=q, partner_id=resolve_optional(connection, "partner", partner_id, principal, "partner_id"),
            account_id=resolve_optional(connection, "account", account_id, principal, "account_id"), outcome=outcome,
            stage=stage, created_from=created_from, created_to=created_to, closed_from=closed_from,
            closed_to=closed_to,
        )  # fmt: skip
        query = _filtered(select(*_COLUMNS).select_from(_WITH_ACCOUNT)
                          .where(opportunity_scope(principal), live_opportunity()), filters)  # fmt: skip
        return paginate(connection, query, paging, _opportunity, o.id)


OpportunityRef = Annotated[str, Path(min_length=1, max_length=300, description="The opportunity's external id, "
                                 "SYSTEM:ID, or exact name.")]  # fmt: skip


def _read(conn: Connection, principal: Principal, record_id: int, ref: str, response: Response) -> OpportunityOut:
    query = (select(*_COLUMNS).select_from(_WITH_ACCOUNT)
             .where(opportunities.c.id == record_id, opportunity_scope(principal), live_opportunity()))  # fmt: skip
    row = conn.execute(query).first()
    if row is None:
        raise scoped_out("opportunity", ref, principal)
    with_etag(response, current(conn, opportunities, record_id))
    return _opportunity(row)


FLOWS = RecordFlows("opportunities", "opportunity", _read)


@router.get("/opportunities/{opportunity_id}", response_model=OpportunityOut, summary="One opportunity",
            responses={404: ERROR_RESPONSES[404]})
def get_opportunity(opportunity_id: OpportunityRef, engine: DatabaseEngine, principal: CurrentPrincipal,
                    response: Response) -> OpportunityOut:
    """The opportunity by its external id, with its ETag (send it back as If-Match to change it)."""
    with engine.connect() as conn:
        record = found(conn, "opportunity", opportunity_id, principal)
        return _read(conn, principal, record.id, opportunity_id, response)


@router.post("/opportunities", response_model=OpportunityOut, status_code=201, summary="Create an opportunity",
             responses={200: {"model": OpportunityOut, "description": "It existed: updated as an import would update "
                              "it."}, 422: ERROR_RESPONSES[422]})  # fmt: skip
def create_opportunity(body: OpportunityIn, request: Request, response: Response, engine: DatabaseEngine,
                       principal: DealWriter, idempotency_key: IdempotencyKey = None) -> Any:
    """One opportunity, checked as a row of `partnerops import opportunities` is; stored in source system
    `partnerops`. Any problem is a 422 listing each field, value and reason, and nothing is stored."""
    return FLOWS.create(engine, principal, body, request, response, idempotency_key)


@router.post("/opportunities/batch", response_model=BatchOut, summary="Create or update opportunities in a batch")
def land_opportunities(body: BatchIn, request: Request, engine: DatabaseEngine, principal: DealWriter,
                       idempotency_key: IdempotencyKey = None) -> Any:
    """Up to 1,000 opportunities as the rows of one import: the good land, each bad one waits in the quarantine
    (source "POST /api/v1/opportunities/batch") with its problems listed here."""
    return FLOWS.batch(engine, principal, body, request, idempotency_key)


@router.patch("/opportunities/{opportunity_id}", response_model=OpportunityOut, summary="Change an opportunity",
              responses={404: ERROR_RESPONSES[404], 409: ERROR_RESPONSES[409], 422: ERROR_RESPONSES[422]})
def change_opportunity(opportunity_id: OpportunityRef, body: OpportunityIn, response: Response, engine: DatabaseEngine,
                       principal: DealWriter, request: Request, if_match: IfMatch = None) -> Any:
    """Change some fields of an opportunity created through the API (every field of a deal
    from a CRM belongs to the CRM: change it there). With If-Match, only if it is still that version; either way
    a concurrent change makes it a 409."""
    return FLOWS.change(engine, principal, opportunity_id, body, request, response, if_match)
