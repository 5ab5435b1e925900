"""Sync runs in sync_runs: committed as running before the first request (a killed process leaves a trace), then
finished or failed with their counts per object and their errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from partnerops.store.locks import lock_row
from partnerops.store.sync_tables import sync_connections, sync_runs
from partnerops.sync.errors import SyncError

RUNNING, FINISHED, FAILED, DRY_RUN, INTERRUPTED = "running", "finished", "failed", "dry_run", "interrupted"
# How long a run holds its connection without committing a page before another run may take over.
LEASE = timedelta(minutes=15)


class SyncRunning(SyncError):
    """Another run of the same connection holds it (the loser of two syncs started at once)."""

    def __init__(self, connection: str, run_id: int) -> None:
        super().__init__(f"connection {connection!r} is being synced by run {run_id}; wait for it to finish")
        self.run_id = run_id
COUNTS = ("inserted", "updated", "unchanged", "quarantined", "deleted", "written", "skipped", "conflicts", "failed")


@dataclass
class RunReport:
    """What one run did, per object (a kind of record pulled, or the object pushed to), and what went wrong."""

    connection: str
    direction: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: str = RUNNING
    run_id: int | None = None

    def add(self, obj: str, **counts: int) -> None:
        mine = self.counts.setdefault(obj, {})
        for name, value in counts.items():
            mine[name] = mine.get(name, 0) + value


def start_run(engine: Engine, connection_id: int, report: RunReport, full: bool, actor: str) -> int:
    """Record the run as running, unless another run of the connection holds its lease (SyncRunning); a run whose
    lease lapsed (its process was killed) is marked interrupted."""
    now = datetime.now(UTC)
    values = {"connection_id": connection_id, "direction": report.direction, "status": RUNNING, "full": full,
              "started_at": now, "lease_until": now + LEASE, "counts": {}, "errors": [], "actor": actor}
    with engine.begin() as conn:
        lock_row(conn, sync_connections, connection_id)
        _take_over(conn, connection_id, report.connection, now)
        report.run_id = int(conn.execute(insert(sync_runs).values(values).returning(sync_runs.c.id)).scalar_one())
    return report.run_id


def _take_over(conn: Connection, connection_id: int, name: str, now: datetime) -> None:
    running = (sync_runs.c.connection_id == connection_id) & (sync_runs.c.status == RUNNING)
    for run_id, lease in conn.execute(select(sync_runs.c.id, sync_runs.c.lease_until).where(running)).all():
        if lease is not None and _utc(lease) > now:
            raise SyncRunning(name, run_id)
    conn.execute(update(sync_runs).where(running).values(status=INTERRUPTED, finished_at=now))


def extend_lease(engine: Engine, report: RunReport) -> None:
    with engine.begin() as conn:
        conn.execute(update(sync_runs).where(sync_runs.c.id == report.run_id)
                     .values(lease_until=datetime.now(UTC) + LEASE, counts=report.counts))


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def end_run(engine: Engine, report: RunReport, status: str) -> None:
    report.status = status
    values = {"status": status, "finished_at": datetime.now(UTC), "lease_until": None, "counts": report.counts,
              "errors": report.errors + report.problems}
    with engine.begin() as conn:
        conn.execute(update(sync_runs).where(sync_runs.c.id == report.run_id).values(values))


def past_runs(engine: Engine, connection: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first, with their connection's name and duration in seconds."""
    query = (select(sync_runs, sync_connections.c.name.label("connection"))
             .join(sync_connections, sync_connections.c.id == sync_runs.c.connection_id)
             .order_by(sync_runs.c.id.desc()).limit(limit))
    if connection:
        query = query.where(sync_connections.c.name == connection)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["seconds"] = _seconds(row["started_at"], row["finished_at"])
    return rows


def _seconds(started: datetime, finished: datetime | None) -> float | None:
    if finished is None:
        return None
    return round((_utc(finished) - _utc(started)).total_seconds(), 3)
