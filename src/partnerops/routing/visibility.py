"""Which leads a partner's user may name: those offered to its partner (once a person confirmed the offer) and
those open to applications. Any other answers as one that does not exist, without echoing the name given."""

from __future__ import annotations

from sqlalchemy import Connection, select

from partnerops.domain.roles import Principal
from partnerops.routing.errors import HiddenLead, RoutingError
from partnerops.routing.leads import Lead, LeadKind, lead_row, resolve_lead
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_offers

__all__ = ["visible_lead"]


def visible_lead(conn: Connection, principal: Principal, ref: str, kind: LeadKind | None = None) -> Lead:
    """The lead `ref` names, as `resolve_lead`; for a partner's user only one it may see, else `HiddenLead`."""
    if not principal.is_partner:
        return resolve_lead(conn, ref, kind)
    try:
        lead = resolve_lead(conn, ref, kind)
    except RoutingError as exc:  # closed or ambiguous: said of a lead the partner may not know exists
        raise HiddenLead() from exc
    row = lead_row(conn, lead)
    if row is None:
        raise HiddenLead()
    f = routing_offers.c
    offered = conn.execute(select(f.id).where(f.lead_id == row.id, f.partner_id == principal.partner_id,
                                              f.status != OfferStatus.PROPOSED.value)).first()  # fmt: skip
    if offered is None and not row.open_for_applications:
        raise HiddenLead()
    return lead
