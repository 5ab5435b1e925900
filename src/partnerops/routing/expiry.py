"""Offers past their response SLA expire: each by a conditional update (an answer that lands first wins), audited
as the scheduler's work. The scheduled job and `partnerops routing expire` call this."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update

from partnerops.program.audit_trail import audit_change
from partnerops.routing.lifecycle import ENTITY
from partnerops.routing.offers import Offer, list_offers
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_offers

__all__ = ["SCHEDULER", "expire_offers"]

SCHEDULER = "scheduler"


def expire_offers(engine: Engine, now: datetime) -> list[Offer]:
    """Every offer still unanswered after its deadline, now expired."""
    f = routing_offers.c
    expired = []
    with engine.begin() as conn:
        for offer in list_offers(conn, statuses=(OfferStatus.OFFERED.value,)):
            if offer.respond_by >= now:
                continue
            changed = conn.execute(update(routing_offers).where(f.id == offer.id, f.status == offer.status).values(
                status=OfferStatus.EXPIRED.value, decided_at=now, decided_by=SCHEDULER,
                reason=f"no answer by {offer.respond_by:%Y-%m-%d %H:%M} UTC"))  # fmt: skip
            if changed.rowcount == 1:
                audit_change(conn, ENTITY, offer.id, ("status", offer.status, OfferStatus.EXPIRED.value), SCHEDULER,
                             now, reason="the response SLA passed")  # fmt: skip
                expired.append(offer)
    return expired
