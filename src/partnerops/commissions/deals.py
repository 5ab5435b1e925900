"""Reading the won deals to accrue: each partner's attribution tier from the latest run, with its touches. A deal
deleted in the CRM is not read, so commission accrued on it is withdrawn (see `withdrawals`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, and_, select

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.commissions.credits import DealPartner
from partnerops.domain.enums import Outcome, Tier, TouchStatus
from partnerops.domain.money import Money
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import attribution_results, opportunities, touches

__all__ = ["won_deal_partners"]


def won_deal_partners(conn: Connection, as_of: date) -> list[DealPartner]:
    """Every (won deal closed on or before `as_of`, attributed partner), in close-date order."""
    run = find_run(conn)
    o, r = opportunities.c, attribution_results.c
    rows = conn.execute(
        select(r.opportunity_id, r.partner_id, r.tier, o.name, o.lead_source, o.amount_minor, o.currency, o.closed_on)
        .join(opportunities, o.id == r.opportunity_id)
        .where(r.run_id == run.id, o.outcome == Outcome.WON.value, o.closed_on.is_not(None), o.closed_on <= as_of)
        .where(live_opportunity())
        .order_by(o.closed_on, o.id, r.partner_id)
    ).all()
    types = _confirmed_types(conn, as_of)
    return [
        DealPartner(row.opportunity_id, row.partner_id, Tier(row.tier),
                    frozenset(types.get((row.opportunity_id, row.partner_id), ())), row.name, row.lead_source,
                    Money.from_minor(row.amount_minor, row.currency), row.closed_on)
        for row in rows
    ]  # fmt: skip


def _confirmed_types(conn: Connection, as_of: date) -> dict[tuple[int, int], set[str]]:
    """Per (deal, partner): the types of its confirmed touches between the deal's creation and close."""
    o, t = opportunities.c, touches.c
    window = and_(t.touched_on >= o.created_on, t.touched_on <= o.closed_on)
    rows = conn.execute(
        select(t.opportunity_id, t.partner_id, t.type)
        .join(opportunities, o.id == t.opportunity_id)
        .where(t.status == TouchStatus.CONFIRMED.value, o.outcome == Outcome.WON.value, o.closed_on <= as_of, window)
        .where(live_touch())
        .distinct()
    )
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for opportunity_id, partner_id, kind in rows:
        found[(opportunity_id, partner_id)].add(kind)
    return found
