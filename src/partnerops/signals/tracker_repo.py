"""Storing trackers: each edit writes a new version; signals keep the version that found them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from partnerops.signals.trackers import Tracker, TrackerKind, TrackerRules, rules_from_json
from partnerops.store.signal_tables import tracker_versions, trackers


class TrackerNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no tracker named {name!r} (see `partnerops trackers list`)")
        self.name = name


def save_tracker(conn: Connection, name: str, kind: TrackerKind, rules: TrackerRules, actor: str, now: datetime,
                 partner_id: int | None = None) -> Tracker:
    """Create the tracker, or add a version when its rules changed; unchanged rules keep the current version."""
    row = conn.execute(select(trackers).where(trackers.c.name == name)).one_or_none()
    if row is None:
        values = {"name": name, "kind": kind.value, "partner_id": partner_id, "current_version": 1,
                  "created_at": now, "updated_at": now}
        tracker_id = int(conn.execute(trackers.insert().values(values).returning(trackers.c.id)).scalar_one())
        _add_version(conn, tracker_id, 1, rules, actor, now)
        return Tracker(tracker_id, name, kind, 1, rules, partner_id)
    current = get_tracker(conn, name)
    if current.rules == rules and current.kind is kind and current.partner_id == partner_id:
        return current
    version = current.version + 1
    _add_version(conn, current.id, version, rules, actor, now)
    conn.execute(update(trackers).where(trackers.c.id == current.id).values(
        current_version=version, kind=kind.value, partner_id=partner_id, updated_at=now))
    return Tracker(current.id, name, kind, version, rules, partner_id)


def _add_version(conn: Connection, tracker_id: int, version: int, rules: TrackerRules, actor: str,
                 now: datetime) -> None:
    conn.execute(tracker_versions.insert().values(tracker_id=tracker_id, version=version, rules=rules.as_json(),
                                                  created_at=now, created_by=actor))


def _query() -> Any:
    return select(trackers, tracker_versions.c.rules).join(tracker_versions, (
        tracker_versions.c.tracker_id == trackers.c.id) & (tracker_versions.c.version == trackers.c.current_version))


def get_tracker(conn: Connection, name: str) -> Tracker:
    row = conn.execute(_query().where(trackers.c.name == name)).one_or_none()
    if row is None:
        raise TrackerNotFound(name)
    return _tracker(row._mapping)


def all_trackers(conn: Connection) -> list[Tracker]:
    return [_tracker(row._mapping) for row in conn.execute(_query().order_by(trackers.c.name))]


def tracker_history(conn: Connection, name: str) -> list[dict[str, Any]]:
    tracker = get_tracker(conn, name)
    query = select(tracker_versions).where(tracker_versions.c.tracker_id == tracker.id)
    return [dict(r._mapping) for r in conn.execute(query.order_by(tracker_versions.c.version))]


def _tracker(row: Any) -> Tracker:
    return Tracker(id=row["id"], name=row["name"], kind=TrackerKind(row["kind"]), version=row["current_version"],
                   rules=rules_from_json(row["rules"]), partner_id=row["partner_id"])
