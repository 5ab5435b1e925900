"""Accounts: a list with filters and search, and one account by id (a partner user: accounts of its deals).
An account deleted in its CRM is neither listed nor found (404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, Row, exists, select

from partnerops.analytics.live import live_account, live_touch
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ERROR_RESPONSES
from partnerops.api.pagination import Page, Paging, paginate
from partnerops.api.params import PartnerFilter
from partnerops.api.record_flows import RecordFlows
from partnerops.api.record_writes import (
    AccountIn,
    BatchIn,
    BatchOut,
    DealWriter,
    IdempotencyKey,
    IfMatch,
    found,
    scoped_out,
    with_etag,
)
from partnerops.api.routes.record_names import resolve_optional
from partnerops.auth.scope import account_scope
from partnerops.domain.roles import Principal
from partnerops.records.edits import current
from partnerops.store.tables import accounts, opportunities, touches

router = APIRouter(tags=["accounts"])


class AccountOut(BaseModel):
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
    partner_id: PartnerFilter = None,
) -> Page[AccountOut]:
    query = select(*_COLUMNS).where(account_scope(principal), live_account())
    if q:
        query = query.where(accounts.c.name.icontains(q, autoescape=True))
    if segment:
        query = query.where(accounts.c.segment == segment)
    if region:
        query = query.where(accounts.c.region == region)
    with engine.connect() as connection:
        partner = resolve_optional(connection, "partner", partner_id, principal, "partner_id")
        if partner is not None:
            query = query.where(_touched_by(partner))
        return paginate(connection, query, paging, _account, accounts.c.id)


def _touched_by(partner_id: int) -> Any:
    return exists(
        select(opportunities.c.id)
        .join(touches, touches.c.opportunity_id == opportunities.c.id)
        .where(opportunities.c.account_id == accounts.c.id, touches.c.partner_id == partner_id, live_touch())
    )


AccountRef = Annotated[str, Path(min_length=1, max_length=300, description="The account's external id, "
                                 "SYSTEM:ID, or exact name.")]  # fmt: skip


def _read(conn: Connection, principal: Principal, record_id: int, ref: str, response: Response) -> AccountOut:
    query = select(*_COLUMNS).where(accounts.c.id == record_id, account_scope(principal), live_account())
    row = conn.execute(query).first()
    if row is None:
        raise scoped_out("account", ref, principal)
    with_etag(response, current(conn, accounts, record_id))
    return _account(row)


FLOWS = RecordFlows("accounts", "account", _read)


@router.get("/accounts/{account_id}", response_model=AccountOut, summary="One account",
            responses={404: ERROR_RESPONSES[404]})
def get_account(account_id: AccountRef, engine: DatabaseEngine, principal: CurrentPrincipal,
                response: Response) -> AccountOut:
    """The account by its external id, with its ETag (send it back as If-Match to change it)."""
    with engine.connect() as conn:
        return _read(conn, principal, found(conn, "account", account_id, principal).id, account_id, response)


@router.post("/accounts", response_model=AccountOut, status_code=201, summary="Create an account",
             responses={200: {"model": AccountOut, "description": "It existed: updated as an import would update "
                              "it."}, 422: ERROR_RESPONSES[422]})  # fmt: skip
def create_account(body: AccountIn, request: Request, response: Response, engine: DatabaseEngine,
                   principal: DealWriter, idempotency_key: IdempotencyKey = None) -> Any:
    """One account, checked as a row of `partnerops import accounts` is; stored in source system
    `partnerops`. Any problem is a 422 listing each field, value and reason, and nothing is stored."""
    return FLOWS.create(engine, principal, body, request, response, idempotency_key)


@router.post("/accounts/batch", response_model=BatchOut, summary="Create or update accounts in a batch")
def land_accounts(body: BatchIn, request: Request, engine: DatabaseEngine, principal: DealWriter,
                  idempotency_key: IdempotencyKey = None) -> Any:
    """Up to 1,000 accounts as the rows of one import: the good land, each bad one waits in the quarantine
    (source "POST /api/v1/accounts/batch") with its problems listed here."""
    return FLOWS.batch(engine, principal, body, request, idempotency_key)


@router.patch("/accounts/{account_id}", response_model=AccountOut, summary="Change an account",
              responses={404: ERROR_RESPONSES[404], 409: ERROR_RESPONSES[409], 422: ERROR_RESPONSES[422]})
def change_account(account_id: AccountRef, body: AccountIn, response: Response, engine: DatabaseEngine,
                   principal: DealWriter, request: Request, if_match: IfMatch = None) -> Any:
    """Change some fields of an account created through the API (every field of an account
    from a CRM belongs to the CRM: change it there). With If-Match, only if it is still that version; either way
    a concurrent change makes it a 409."""
    return FLOWS.change(engine, principal, account_id, body, request, response, if_match)
