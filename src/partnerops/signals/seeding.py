"""Seeding one partner tracker per partner, its aliases taken from the partner's name and domain (see seed_aliases)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, or_, select

from partnerops.analytics.live import live_partner
from partnerops.signals.seed_aliases import partner_rules
from partnerops.signals.tracker_repo import all_trackers, save_tracker
from partnerops.signals.trackers import TrackerKind
from partnerops.store.tables import partners


class PartnerNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no partner named or with external id {reference!r}")
        self.reference = reference


def seed_partner_trackers(conn: Connection, actor: str, now: datetime) -> int:
    """A tracker for every partner that has none yet (an edited tracker is never overwritten); returns how many."""
    covered = {t.partner_id for t in all_trackers(conn) if t.partner_id is not None}
    taken = {t.name for t in all_trackers(conn)}
    created = 0
    query = select(partners.c.id, partners.c.name, partners.c.domain).where(live_partner())
    for row in conn.execute(query.order_by(partners.c.id)):
        if row.id in covered:
            continue
        name = row.name if row.name not in taken else f"{row.name} (partner {row.id})"
        save_tracker(conn, name, TrackerKind.PARTNER, partner_rules(row.name, row.domain), actor, now,
                     partner_id=row.id)
        taken.add(name)
        created += 1
    return created


def partner_id(conn: Connection, reference: str) -> int:
    """A partner by name or external id."""
    query = select(partners.c.id).where(or_(partners.c.name == reference, partners.c.external_id == reference))
    found = conn.execute(query.order_by(partners.c.id)).scalars().first()
    if found is None:
        raise PartnerNotFound(reference)
    return int(found)
