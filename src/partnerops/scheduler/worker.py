"""One pass of the scheduler and the loop around it: each due job runs under its lease and records its run;
a job another worker holds is skipped, and a failing job is recorded as failed without stopping the others."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from partnerops.scheduler.jobs import JOBS, Job, interval_of
from partnerops.scheduler.leases import release_lease, take_lease
from partnerops.scheduler.runs import finish_run, last_start, start_run
from partnerops.settings import Settings

__all__ = ["PassResult", "run_due", "run_job", "run_until", "worker_name"]

# Longer than any job should take: a worker killed mid-run blocks the job for at most this long.
LEASE = timedelta(minutes=30)
TICK_SECONDS = 5.0


@dataclass(frozen=True)
class PassResult:
    ran: list[str]
    skipped: list[str]
    failed: list[str]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(engine: Engine, job: Job, settings: Settings, now: datetime) -> bool:
    started = last_start(engine, job.name)
    if started is None:
        return True
    started = started if started.tzinfo else started.replace(tzinfo=UTC)
    return now - started >= timedelta(seconds=interval_of(job, settings))


def run_job(engine: Engine, job: Job, settings: Settings, worker: str, now: datetime, *,
            force: bool = False) -> str | None:
    """Run `job` under its lease if it is due (or `force`): None when another worker holds it or it is not due,
    else its error ("" on success). Due is judged after the lease is taken, so a job runs once per interval
    however many workers pass."""
    if not take_lease(engine, job.name, worker, now, LEASE):
        return None
    try:
        if not force and not _due(engine, job, settings, now):
            return None
        run_id = start_run(engine, job.name, worker, now)
        try:
            counts, error = job.work(engine, now, settings), None
        except Exception as exc:  # any failure is the run's outcome, shown on the jobs page; the loop goes on
            counts, error = {}, f"{type(exc).__name__}: {exc}"
        finish_run(engine, run_id, datetime.now(UTC), counts, error)
        return error or ""
    finally:
        release_lease(engine, job.name, worker, now)


def run_due(engine: Engine, settings: Settings, worker: str, now: datetime | None = None,
            only: list[str] | None = None) -> PassResult:
    """Run every job (of `only`, if given) whose interval has passed since its last start; `skipped` names the
    due jobs another worker held."""
    now = now or datetime.now(UTC)
    ran: list[str] = []
    skipped: list[str] = []
    failed: list[str] = []
    for job in JOBS.values():
        if (only and job.name not in only) or not _due(engine, job, settings, now):
            continue
        outcome = run_job(engine, job, settings, worker, now)
        (skipped if outcome is None else failed if outcome else ran).append(job.name)
    return PassResult(ran, skipped, failed)


def run_until(engine: Engine, settings: Settings, stop: threading.Event, worker: str | None = None) -> None:
    """Pass after pass until `stop` is set (checked every few seconds)."""
    name = worker or worker_name()
    while not stop.is_set():
        run_due(engine, settings, name)
        stop.wait(TICK_SECONDS)
