"""`partnerops serve`: the web app and the JSON API over the configured database."""

from __future__ import annotations

import os
import subprocess
import sys

import typer

from partnerops.cli.context import open_engine

# Each worker process builds its own app (engine, dashboard cache) from the environment through this factory.
APP_FACTORY = "partnerops.web.app:create_served_app"


def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="The address to listen on."),
    port: int = typer.Option(8000, "--port", metavar="PORT", help="The port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1,
        help="Worker processes serving requests; one per CPU core lets a slow request on one core leave the "
             "others answering. Each worker keeps its own dashboard cache, so each computes it once.",
    ),  # fmt: skip
    scheduler: bool | None = typer.Option(
        None, "--scheduler/--no-scheduler",
        help="Run the scheduled jobs (mail, expiry, reminders, alerts, attribution) in a worker beside the server "
             "(default: PARTNEROPS_SCHEDULER_IN_SERVE, true). Turn it off when a separate `partnerops worker` runs.",
    ),  # fmt: skip
) -> None:
    """Serve the pages (sign in at /login; partners see their portal) and the JSON API under /api/v1
    (OpenAPI at /api/v1/openapi.json) on PARTNEROPS_DATABASE_URL. Cookies are marked Secure unless
    PARTNEROPS_SECURE_COOKIES=false, which signing in over plain http on a laptop needs."""
    from partnerops.settings import get_settings

    open_engine().dispose()  # migrate once, before any worker opens the database
    if get_settings().scheduler_in_serve if scheduler is None else scheduler:
        _start_scheduler()
    # uvicorn's own command line takes over this process: its workers are spawned processes that re-import the
    # main module, and re-importing every command's dependencies would outlast uvicorn's worker health check.
    # The app logs every request as a JSON line itself (PARTNEROPS_LOG_LEVEL); uvicorn's own access log and its
    # server banner are off.
    command = [sys.executable, "-m", "uvicorn", APP_FACTORY, "--factory", "--host", host, "--port", str(port),
               "--workers", str(workers), "--no-proxy-headers", "--no-access-log", "--no-server-header"]  # fmt: skip
    os.execv(sys.executable, command)


def _start_scheduler() -> None:
    """A `partnerops worker` process beside the server; it exits when the server (this process, once uvicorn
    has taken it over) is gone. One scheduler however many server workers: jobs are leased anyway."""
    command = [sys.executable, "-c", "from partnerops.cli.main import app; app()", "worker",
               "--parent-pid", str(os.getpid())]
    subprocess.Popen(command, start_new_session=False)
