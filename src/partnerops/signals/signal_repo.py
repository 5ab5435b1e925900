"""Storing signals once each (a place in a file's content found by a tracker, whichever of its versions found
it: the versions are listed on the signal) and listing them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import opportunities, partners, touches


@dataclass(frozen=True)
class SignalFilter:
    partner: str | None = None
    # Unlinked: on no opportunity (the account may still be known).
    unlinked: bool = False
    limit: int = 100
    # None: quoted and unquoted; True: only quoted text's; False: only the sender's own words.
    quoted: bool | None = None


def add_new_signals(conn: Connection, sha256: str, rows: list[dict[str, Any]]) -> int:
    """Insert the rows not stored yet for this file content (by offset and tracker); a stored signal found by
    another version of its tracker adds that version to its list. Returns how many signals were new."""
    query = select(signals.c.id, signals.c.offset, signals.c.tracker_id, signals.c.tracker_version,
                   signals.c.tracker_versions).where(signals.c.file_sha256 == sha256)
    stored = {(r.offset, r.tracker_id): (r.id, r.tracker_versions or [r.tracker_version]) for r in conn.execute(query)}
    fresh: dict[tuple[int, int], dict[str, Any]] = {}
    grown: list[dict[str, Any]] = []
    for row in rows:
        place = (row["offset"], row["tracker_id"])
        if place in stored:
            signal_id, versions = stored[place]
            if row["tracker_version"] not in versions:
                grown.append({"_id": signal_id, "_versions": sorted([*versions, row["tracker_version"]])})
        else:
            fresh.setdefault(place, row | {"tracker_versions": [row["tracker_version"]]})
    if fresh:
        conn.execute(signals.insert(), list(fresh.values()))
    if grown:
        conn.execute(update(signals).where(signals.c.id == bindparam("_id"))
                     .values(tracker_versions=bindparam("_versions")), grown)
    return len(fresh)


def list_signals(conn: Connection, where: SignalFilter) -> list[dict[str, Any]]:
    """Signals with their tracker's and partner's names, the partner's and deal's external ids (`partner_ref`,
    `opportunity`) and the status of the touch they propose."""
    query = (select(signals, trackers.c.name.label("tracker"), trackers.c.kind.label("tracker_kind"),
                    partners.c.name.label("partner"), partners.c.external_id.label("partner_ref"),
                    opportunities.c.external_id.label("opportunity"), touches.c.status.label("touch_status"))
             .join(trackers, trackers.c.id == signals.c.tracker_id)
             .outerjoin(partners, partners.c.id == signals.c.partner_id)
             .outerjoin(opportunities, opportunities.c.id == signals.c.opportunity_id)
             .outerjoin(touches, touches.c.id == signals.c.touch_id)
             .order_by(signals.c.id).limit(where.limit))
    if where.partner:
        query = query.where((partners.c.name == where.partner) | (partners.c.external_id == where.partner))
    if where.unlinked:
        query = query.where(signals.c.opportunity_id.is_(None))
    if where.quoted is not None:
        query = query.where(signals.c.quoted.is_(where.quoted))
    return [dict(row._mapping) for row in conn.execute(query)]
