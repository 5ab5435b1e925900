"""`partnerops worker`: the scheduled jobs (registration expiry, SLA reminders, the mail queue, alert deliveries,
attribution re-runs), so nobody needs cron. Any number of workers may run: a job runs on one at a time."""

from __future__ import annotations

import os
import signal
import threading
from typing import Annotated

import typer

from partnerops.cli.context import console, open_engine, user_errors

JOB_NAMES = "registration_expiry, sla_reminders, mail_queue, alert_deliveries, attribution"


def worker(
    once: Annotated[bool, typer.Option("--once", help="Run the jobs that are due now, then exit.")] = False,
    job: Annotated[list[str] | None, typer.Option(
        "--job", metavar="NAME", help=f"Only this job (repeat for several): {JOB_NAMES}.")] = None,
    parent_pid: Annotated[int | None, typer.Option(
        "--parent-pid", hidden=True, help="Exit when this process (the server that started us) is gone.")] = None,
) -> None:
    """Run each job when its interval has passed (PARTNEROPS_JOB_INTERVALS, e.g. "mail_queue=30"), until
    stopped. `partnerops serve` starts one itself unless PARTNEROPS_SCHEDULER_IN_SERVE=false; the last run of
    each job is on the /admin/jobs page."""
    from partnerops.scheduler.jobs import JOBS, BadInterval, intervals
    from partnerops.scheduler.worker import run_due, run_until, worker_name
    from partnerops.settings import get_settings

    settings = get_settings()
    with user_errors(BadInterval):
        intervals(settings.job_intervals)
        unknown = [name for name in job or [] if name not in JOBS]
        if unknown:
            raise BadInterval(f"no job named {', '.join(unknown)}; choose from {JOB_NAMES}")
    engine = open_engine(settings)
    if once:
        result = run_due(engine, settings, worker_name(), only=job)
        console.print(f"ran: {', '.join(result.ran) or '-'}; failed: {', '.join(result.failed) or '-'}; "
                      f"held by another worker: {', '.join(result.skipped) or '-'}", highlight=False)
        raise typer.Exit(1 if result.failed else 0)
    stop = _stop_event(parent_pid)
    run_until(engine, settings, stop)


def _stop_event(parent_pid: int | None) -> threading.Event:
    """Set on SIGTERM or Ctrl-C, and when the parent process (if named) has gone."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if parent_pid is not None:
        def watch() -> None:
            while not stop.wait(1.0):
                if os.getppid() != parent_pid:
                    stop.set()

        threading.Thread(target=watch, daemon=True).start()
    return stop
