"""Past import runs, newest first, as `partnerops imports` lists them: a run still marked running whose process
is gone is shown as interrupted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, select

from partnerops.ingest.runs import INTERRUPTED, RUNNING, shown_status
from partnerops.store.tables import import_batches

COUNTS = ("rows_read", "inserted", "updated", "unchanged", "quarantined", "deleted", "warnings")
LISTED = ("id", "file", "kind", "format", "started_at", "actor", *COUNTS, "status")


@dataclass(frozen=True)
class RunFilter:
    kind: str | None = None
    status: str | None = None
    limit: int = 20


def past_runs(engine: Engine, where: RunFilter) -> list[dict[str, Any]]:
    """The runs that match, newest first, each with its file's name and its status as it now stands."""
    with engine.connect() as conn:
        runs = [_shown(dict(row._mapping)) for row in conn.execute(_query(where))]
    if where.status:
        runs = [run for run in runs if run["status"] == where.status]
    return runs[: where.limit]


def _query(where: RunFilter) -> Select[Any]:
    query = select(import_batches).order_by(import_batches.c.id.desc())
    if where.kind:
        query = query.where(import_batches.c.kind == where.kind)
    if where.status in (RUNNING, INTERRUPTED):
        # Either may read as the other once the process is checked, so both are fetched and filtered after.
        return query.where(import_batches.c.status.in_((RUNNING, INTERRUPTED)))
    if where.status:
        query = query.where(import_batches.c.status == where.status)
    return query.limit(where.limit)


def past_run(engine: Engine, batch_id: int) -> dict[str, Any] | None:
    """One run with everything kept about it (its options, error, process), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(import_batches).where(import_batches.c.id == batch_id)).one_or_none()
    return None if row is None else _shown(dict(row._mapping))


def _shown(run: dict[str, Any]) -> dict[str, Any]:
    name = str(run["path"]).replace("\\", "/").rsplit("/", 1)[-1]
    return run | {"file": name, "status": shown_status(run["status"], run["pid"], run["host"])}
