"""Storing signals once each (file sha256 + offset + tracker version) and listing them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import partners, touches


@dataclass(frozen=True)
class SignalFilter:
    partner: str | None = None
    # Unlinked: on no opportunity (the account may still be known).
    unlinked: bool = False
    limit: int = 100


def add_new_signals(conn: Connection, sha256: str, rows: list[dict[str, Any]]) -> int:
    """Insert the rows not stored yet for this file content; returns how many were new."""
    query = select(signals.c.offset, signals.c.tracker_id, signals.c.tracker_version).where(
        signals.c.file_sha256 == sha256)
    stored = {(r[0], r[1], r[2]) for r in conn.execute(query)}
    fresh = [r for r in rows if (r["offset"], r["tracker_id"], r["tracker_version"]) not in stored]
    if fresh:
        conn.execute(signals.insert(), fresh)
    return len(fresh)


def list_signals(conn: Connection, where: SignalFilter) -> list[dict[str, Any]]:
    """Signals with their tracker's and partner's names and the status of the touch they propose."""
    query = (select(signals, trackers.c.name.label("tracker"), trackers.c.kind.label("tracker_kind"),
                    partners.c.name.label("partner"), touches.c.status.label("touch_status"))
             .join(trackers, trackers.c.id == signals.c.tracker_id)
             .outerjoin(partners, partners.c.id == signals.c.partner_id)
             .outerjoin(touches, touches.c.id == signals.c.touch_id)
             .order_by(signals.c.id).limit(where.limit))
    if where.partner:
        query = query.where((partners.c.name == where.partner) | (partners.c.external_id == where.partner))
    if where.unlinked:
        query = query.where(signals.c.opportunity_id.is_(None))
    return [dict(row._mapping) for row in conn.execute(query)]
