"""What a principal may see, as SQL conditions to AND into a query: the scope is applied by the database.

Internal users see everything. A partner user sees its own partner; the opportunities its partner has a
touch on (any status); the accounts of those opportunities; its own touches; its own attribution rows.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select, true

from partnerops.domain.roles import Principal, ScopeError
from partnerops.store.tables import accounts, attribution_results, opportunities, partners, touches

__all__ = [
    "account_scope",
    "attribution_scope",
    "check_partner_filter",
    "opportunity_scope",
    "partner_scope",
    "touch_scope",
]


def partner_scope(principal: Principal) -> ColumnElement[bool]:
    return true() if not principal.is_partner else partners.c.id == principal.partner_id


def touch_scope(principal: Principal) -> ColumnElement[bool]:
    return true() if not principal.is_partner else touches.c.partner_id == principal.partner_id


def opportunity_scope(principal: Principal) -> ColumnElement[bool]:
    if not principal.is_partner:
        return true()
    own = touches.alias("scope_touches")
    return exists(
        select(own.c.id).where(own.c.opportunity_id == opportunities.c.id, own.c.partner_id == principal.partner_id)
    )


def account_scope(principal: Principal) -> ColumnElement[bool]:
    if not principal.is_partner:
        return true()
    own = touches.alias("scope_touches")
    deals = opportunities.alias("scope_opportunities")
    return exists(
        select(deals.c.id)
        .join(own, own.c.opportunity_id == deals.c.id)
        .where(deals.c.account_id == accounts.c.id, own.c.partner_id == principal.partner_id)
    )


def attribution_scope(principal: Principal) -> ColumnElement[bool]:
    """Only the partner's own rows; they exist only on opportunities its partner touched."""
    return true() if not principal.is_partner else attribution_results.c.partner_id == principal.partner_id


def check_partner_filter(principal: Principal, partner_id: int | None) -> None:
    """A partner user filtering on another partner is refused rather than shown an empty page."""
    if partner_id is not None and not principal.may_see_partner(partner_id):
        raise ScopeError("that partner is outside what you may see")
