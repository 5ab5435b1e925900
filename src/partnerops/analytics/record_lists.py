"""Partners, accounts and deals as people page through them: searched by id or name, filtered, ordered by name,
a page at a time with the total that matched. Records are named by their external ids; deleted ones are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Connection, Select, Table, case, distinct, func, or_, select

from partnerops.analytics.live import live_account, live_opportunity, live_partner, live_touch
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.store.record_refs import RecordKind
from partnerops.store.tables import accounts, opportunities, partners, touches
from partnerops.store.text_search import contains_text

__all__ = ["AccountRow", "DealRow", "PartnerActivity", "PartnerRow", "RecordPage", "account_page", "deal_page",
           "deal_touches", "external_ids", "one_account", "one_deal", "one_partner", "partner_activity", "partner_page"]

T = TypeVar("T")


@dataclass(frozen=True)
class RecordPage(Generic[T]):
    """One page of a list: its rows, where it starts (0-based) and how many records matched in all."""

    rows: list[T]
    offset: int
    total: int

    @property
    def shown(self) -> str:
        """`1–50 of 1,604` (or `0 of 0`), as list pages show it."""
        if not self.rows:
            return f"0 of {self.total:,}"
        return f"{self.offset + 1:,}–{self.offset + len(self.rows):,} of {self.total:,}"


@dataclass(frozen=True)
class PartnerRow:
    external_id: str
    name: str
    type: str
    tier: str | None
    stage: str | None
    domain: str | None
    owner: str | None
    joined_on: dt.date | None


@dataclass(frozen=True)
class AccountRow:
    external_id: str
    name: str
    domain: str | None
    segment: str | None
    region: str | None
    country: str | None


@dataclass(frozen=True)
class DealRow:
    external_id: str
    name: str
    account: str
    amount: Money | None
    currency: str
    stage: str
    outcome: str
    created_on: dt.date
    closed_on: dt.date | None
    owner: str | None


_PARTNER = (partners.c.external_id, partners.c.name, partners.c.type, partners.c.tier, partners.c.stage,
            partners.c.domain, partners.c.owner, partners.c.joined_on)  # fmt: skip
_ACCOUNT = (accounts.c.external_id, accounts.c.name, accounts.c.domain, accounts.c.segment, accounts.c.region,
            accounts.c.country)  # fmt: skip
_DEAL = (opportunities.c.external_id, opportunities.c.name, accounts.c.external_id, opportunities.c.amount_minor,
         opportunities.c.currency, opportunities.c.stage, opportunities.c.outcome, opportunities.c.created_on,
         opportunities.c.closed_on, opportunities.c.owner)  # fmt: skip


def _search(table: Table, words: str | None) -> ColumnElement[bool] | None:
    if not words or not words.strip():
        return None
    wanted = words.strip()
    return or_(contains_text(table.c.external_id, wanted), contains_text(table.c.name, wanted))


def _page(conn: Connection, query: Select[Any], table: Table, read: Callable[[Any], T], limit: int,
             offset: int) -> RecordPage[T]:  # fmt: skip
    total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    ordered = query.order_by(func.lower(table.c.name), table.c.external_id, table.c.id).limit(limit).offset(offset)
    return RecordPage([read(row) for row in conn.execute(ordered)], offset, total)


def _where(query: Select[Any], conditions: Sequence[ColumnElement[bool] | None]) -> Select[Any]:
    return query.where(*(c for c in conditions if c is not None))


def partner_page(conn: Connection, *, search: str | None = None, type: str | None = None, tier: str | None = None,
                 limit: int = 50, offset: int = 0) -> RecordPage[PartnerRow]:  # fmt: skip
    """Live partners whose id or name contains SEARCH, of TYPE and TIER (tier case-insensitive)."""
    c = partners.c
    query = _where(select(*_PARTNER), [
        live_partner(), _search(partners, search), c.type == type if type else None,
        func.lower(c.tier) == tier.lower() if tier else None,
    ])  # fmt: skip
    return _page(conn, query, partners, lambda row: PartnerRow(*row), limit, offset)


def account_page(conn: Connection, *, search: str | None = None, segment: str | None = None,
                 region: str | None = None, limit: int = 50, offset: int = 0) -> RecordPage[AccountRow]:  # fmt: skip
    """Live accounts whose id or name contains SEARCH, in SEGMENT and REGION (case-insensitive)."""
    c = accounts.c
    query = _where(select(*_ACCOUNT), [
        live_account(), _search(accounts, search), func.lower(c.segment) == segment.lower() if segment else None,
        func.lower(c.region) == region.lower() if region else None,
    ])  # fmt: skip
    return _page(conn, query, accounts, lambda row: AccountRow(*row), limit, offset)


def deal_page(conn: Connection, *, search: str | None = None, outcome: str | None = None,
              account_id: int | None = None, limit: int = 50, offset: int = 0) -> RecordPage[DealRow]:  # fmt: skip
    """Live deals whose id or name contains SEARCH, with OUTCOME, on the account with internal id ACCOUNT_ID."""
    o = opportunities.c
    query = _where(select(*_DEAL).join(accounts), [
        live_opportunity(), _search(opportunities, search), o.outcome == outcome if outcome else None,
        o.account_id == account_id if account_id is not None else None,
    ])  # fmt: skip
    return _page(conn, query, opportunities, _deal, limit, offset)


def one_partner(conn: Connection, partner_id: int) -> tuple[PartnerRow, dt.datetime | None]:
    """The partner, deleted or not, with when its CRM deleted it."""
    row = conn.execute(select(*_PARTNER, partners.c.deleted_at).where(partners.c.id == partner_id)).one()
    return PartnerRow(*row[:-1]), row[-1]


def one_account(conn: Connection, account_id: int) -> tuple[AccountRow, dt.datetime | None]:
    """The account, deleted or not, with when its CRM deleted it."""
    row = conn.execute(select(*_ACCOUNT, accounts.c.deleted_at).where(accounts.c.id == account_id)).one()
    return AccountRow(*row[:-1]), row[-1]


def one_deal(conn: Connection, opportunity_id: int) -> tuple[DealRow, dt.datetime | None]:
    """The deal, deleted or not, with when its CRM deleted it (or its account)."""
    deleted = func.coalesce(opportunities.c.deleted_at, accounts.c.deleted_at)
    row = conn.execute(select(*_DEAL, deleted).join(accounts).where(opportunities.c.id == opportunity_id)).one()
    return _deal(row[:-1]), row[-1]


def _deal(row: Any) -> DealRow:
    external_id, name, account, minor, currency, stage, outcome, created, closed, owner = row
    amount = None if minor is None else Money.from_minor(int(minor), str(currency))
    return DealRow(external_id, name, account, amount, currency, stage, outcome, created, closed, owner)


@dataclass(frozen=True)
class PartnerActivity:
    """What a partner did: its live touches, the deals they are on, and how many of those were won."""

    touches: int
    deals: int
    won_deals: int


def partner_activity(conn: Connection, partner_id: int) -> PartnerActivity:
    t, o = touches.c, opportunities.c
    query = (select(func.count(t.id), func.count(distinct(t.opportunity_id)),
                    func.count(distinct(case((o.outcome == Outcome.WON.value, o.id)))))
             .select_from(touches.join(opportunities)).where(t.partner_id == partner_id, live_touch()))  # fmt: skip
    counted, deals, won = conn.execute(query).one()
    return PartnerActivity(int(counted), int(deals), int(won))


def deal_touches(conn: Connection, opportunity_id: int) -> list[tuple[str, str, dt.date, str]]:
    """The live touches on a deal as (partner id, touch type, date, status), oldest first."""
    t = touches.c
    query = (select(partners.c.external_id, t.type, t.touched_on, t.status).join(partners)
             .where(t.opportunity_id == opportunity_id, live_touch()).order_by(t.touched_on, t.id))  # fmt: skip
    return [(str(p), str(kind), on, str(status)) for p, kind, on, status in conn.execute(query)]


_KINDS: dict[RecordKind, Table] = {"partner": partners, "account": accounts, "opportunity": opportunities}


def external_ids(conn: Connection, kind: RecordKind, ids: Iterable[int]) -> dict[int, str]:
    """How users name each record of IDS: its external id, with `(deleted)` after one its CRM deleted."""
    table, wanted = _KINDS[kind], sorted(set(ids))
    if not wanted:
        return {}
    query = select(table.c.id, table.c.external_id, table.c.deleted_at).where(table.c.id.in_(wanted))
    return {int(i): f"{external} (deleted)" if gone else str(external) for i, external, gone in conn.execute(query)}
