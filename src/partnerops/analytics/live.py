"""Which stored records count. A record its CRM deleted or merged away (deleted_at set) stays for the audit trail
but no figure, list or answer counts it: a deal counts when neither it nor its account is deleted, a touch when it
is not deleted and its partner and its deal count. Each function is a condition to AND into a query that reads the
table (or an alias of it, passed in)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, Select, and_, exists, select, union_all

from partnerops.store.tables import accounts, opportunities, partners, touches

__all__ = ["live_account", "live_opportunity", "live_opportunity_in_bulk", "live_partner", "live_touch",
           "live_touch_in_bulk"]


def live_partner(table: FromClause = partners) -> ColumnElement[bool]:
    return table.c.deleted_at.is_(None)


def live_account(table: FromClause = accounts) -> ColumnElement[bool]:
    return table.c.deleted_at.is_(None)


def live_opportunity(table: FromClause = opportunities) -> ColumnElement[bool]:
    """The deal is not deleted and neither is its account (a CRM deletes an account's deals with it)."""
    gone = accounts.alias("gone_accounts")
    deleted_account = select(gone.c.id).where(gone.c.id == table.c.account_id, gone.c.deleted_at.is_not(None))
    return and_(table.c.deleted_at.is_(None), ~exists(deleted_account))


def live_touch(table: FromClause = touches) -> ColumnElement[bool]:
    """The touch is not deleted, and its partner and its deal count."""
    gone = partners.alias("gone_partners")
    deleted_partner = select(gone.c.id).where(gone.c.id == table.c.partner_id, gone.c.deleted_at.is_not(None))
    deal = opportunities.alias("touched_deals")
    live_deal = select(deal.c.id).where(deal.c.id == table.c.opportunity_id, live_opportunity(deal))
    return and_(table.c.deleted_at.is_(None), ~exists(deleted_partner), exists(live_deal))


def live_touch_in_bulk(table: FromClause = touches) -> ColumnElement[bool]:
    """`live_touch` for reading many touches: membership in the (few) deleted partners and dead deals, a set read
    once per query, instead of two lookups per touch. It agrees with `live_touch` for every touch whose deal
    exists (the foreign key holds it)."""
    dead_partners = select(partners.c.id).where(partners.c.deleted_at.is_not(None))
    o = opportunities.c
    # Two reads each an index serves (the few deleted deals; the deals of the few deleted accounts), where one
    # read with OR between them scans every deal.
    dead_deals = union_all(select(o.id).where(o.deleted_at.is_not(None)),
                           select(o.id).where(o.account_id.in_(_dead_accounts())))  # fmt: skip
    return and_(table.c.deleted_at.is_(None), table.c.partner_id.not_in(dead_partners),
                table.c.opportunity_id.not_in(dead_deals))


def live_opportunity_in_bulk(table: FromClause = opportunities) -> ColumnElement[bool]:
    """`live_opportunity` for reading many deals: membership in the (few) deleted accounts, read once per query."""
    return and_(table.c.deleted_at.is_(None), table.c.account_id.not_in(_dead_accounts()))


def _dead_accounts() -> Select[tuple[int]]:
    return select(accounts.c.id).where(accounts.c.deleted_at.is_not(None))
