"""Accounts: a list with filters and search, and one account by id (a partner user: accounts of its deals).
An account deleted in its CRM is neither listed nor found (404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import Row, exists, select

from partnerops.analytics.live import live_account, live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import not_found
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import IdFilter, RecordId
from partnerops.auth.scope import account_scope, check_partner_filter
from partnerops.store.tables import accounts, opportunities, touches

router = APIRouter(tags=["accounts"])


class AccountOut(BaseModel):
    id: int
    source_system: str
    external_id: str
    name: str
    domain: str | None
    segment: str | None
    region: str | None
    country: str | None


def _account(row: Row[Any]) -> AccountOut:
    return AccountOut.model_validate(row._mapping, from_attributes=False)


_COLUMNS = [accounts.c[name] for name in AccountOut.model_fields]


@router.get("/accounts", response_model=Page[AccountOut], summary="List accounts")
def list_accounts(
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=200, description="Part of the account's name.")] = None,
    segment: Annotated[str | None, Query(max_length=64)] = None,
    region: Annotated[str | None, Query(max_length=64)] = None,
    partner_id: IdFilter = None,
) -> Page[AccountOut]:
    check_partner_filter(principal, partner_id)
    query = select(*_COLUMNS).where(account_scope(principal), live_account())
    if q:
        query = query.where(accounts.c.name.icontains(q, autoescape=True))
    if segment:
        query = query.where(accounts.c.segment == segment)
    if region:
        query = query.where(accounts.c.region == region)
    if partner_id is not None:
        query = query.where(_touched_by(partner_id))
    with engine.connect() as connection:
        return paginate(connection, query, paging, _account, accounts.c.id)


def _touched_by(partner_id: int) -> Any:
    return exists(
        select(opportunities.c.id)
        .join(touches, touches.c.opportunity_id == opportunities.c.id)
        .where(opportunities.c.account_id == accounts.c.id, touches.c.partner_id == partner_id, live_touch())
    )


@router.get("/accounts/{account_id}", response_model=AccountOut, summary="One account")
def get_account(account_id: RecordId, engine: DatabaseEngine, principal: CurrentPrincipal) -> AccountOut:
    query = select(*_COLUMNS).where(accounts.c.id == account_id, account_scope(principal), live_account())
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise not_found("account")
    return _account(row)
