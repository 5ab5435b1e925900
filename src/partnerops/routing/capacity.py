"""A partner's current load: the live open deals it works, as a touch on the deal (any not rejected) or an accepted
routing offer of the deal, plus the accounts it accepted as leads on which no deal has closed since."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.domain.enums import Outcome
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_leads, routing_offers
from partnerops.store.tables import opportunities, touches

__all__ = ["open_deals"]

REJECTED = "rejected"


def open_deals(conn: Connection) -> dict[int, int]:
    """Partner id -> its open deals (partners with none are absent)."""
    load: dict[int, set[tuple[str, int]]] = {}
    for partner_id, deal_id in _worked_deals(conn):
        load.setdefault(partner_id, set()).add(("deal", deal_id))
    for partner_id, account_id in _accepted_accounts(conn):
        load.setdefault(partner_id, set()).add(("account", account_id))
    return {partner: len(items) for partner, items in load.items()}


def _worked_deals(conn: Connection) -> list[tuple[int, int]]:
    o, t, f, r = opportunities.c, touches.c, routing_offers.c, routing_leads.c
    touched = (select(t.partner_id, t.opportunity_id).join_from(touches, opportunities, o.id == t.opportunity_id)
               .where(o.outcome == Outcome.OPEN.value, live_opportunity(), live_touch(), t.status != REJECTED))
    accepted = (select(f.partner_id, r.opportunity_id).join_from(routing_offers, routing_leads, r.id == f.lead_id)
                .join(opportunities, o.id == r.opportunity_id)
                .where(f.status == OfferStatus.ACCEPTED.value, o.outcome == Outcome.OPEN.value, live_opportunity()))
    return [(int(p), int(d)) for p, d in conn.execute(touched.union(accepted)).all()]  # fmt: skip


def _accepted_accounts(conn: Connection) -> list[tuple[int, int]]:
    f, r, o = routing_offers.c, routing_leads.c, opportunities.c
    accepted = conn.execute(select(f.partner_id, r.account_id, f.decided_at)
                            .join_from(routing_offers, routing_leads, r.id == f.lead_id)
                            .where(f.status == OfferStatus.ACCEPTED.value, r.opportunity_id.is_(None))).all()
    if not accepted:
        return []
    closed = dict(conn.execute(select(o.account_id, func.max(o.closed_on))
                               .where(o.outcome != Outcome.OPEN.value, o.account_id.in_({a for _, a, _ in accepted}))
                               .group_by(o.account_id)).all())  # fmt: skip
    return [(int(partner), int(account)) for partner, account, at in accepted
            if closed.get(account) is None or closed[account] < at.date()]  # fmt: skip
