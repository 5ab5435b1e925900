"""The record of each job run: started (as running) before the work, then finished with its outcome, counts and
error, so the admin page shows what each job did last and a crash mid-run still leaves a trace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from partnerops.store.job_tables import job_runs

__all__ = ["FAILED", "RUNNING", "SUCCEEDED", "JobRun", "finish_run", "last_runs", "last_start", "start_run"]

RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"


@dataclass(frozen=True)
class JobRun:
    job: str
    worker: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    counts: dict[str, int]
    error: str | None


def start_run(engine: Engine, job: str, worker: str, now: datetime) -> int:
    values = {"job": job, "worker": worker, "started_at": now, "outcome": RUNNING}
    with engine.begin() as conn:
        return int(conn.execute(insert(job_runs).values(values).returning(job_runs.c.id)).scalar_one())


def finish_run(engine: Engine, run_id: int, now: datetime, counts: dict[str, int], error: str | None) -> None:
    values = {"finished_at": now, "outcome": FAILED if error else SUCCEEDED, "counts": counts, "error": error}
    with engine.begin() as conn:
        conn.execute(update(job_runs).where(job_runs.c.id == run_id).values(values))


def last_start(engine: Engine, job: str) -> datetime | None:
    with engine.connect() as conn:
        started: datetime | None = conn.execute(
            select(func.max(job_runs.c.started_at)).where(job_runs.c.job == job)).scalar_one()  # fmt: skip
    return started


def last_runs(conn: Connection) -> dict[str, JobRun]:
    """Each job's latest run."""
    latest = select(job_runs.c.job, func.max(job_runs.c.id).label("id")).group_by(job_runs.c.job).subquery()
    rows = conn.execute(select(job_runs).join(latest, latest.c.id == job_runs.c.id))
    return {row.job: _run(row._mapping) for row in rows}


def _run(row: Any) -> JobRun:
    return JobRun(row["job"], row["worker"], row["started_at"], row["finished_at"], row["outcome"],
                  dict(row["counts"] or {}), row["error"])
