"""The scheduler's page (admins only): each job, how often it runs, and what its last run did; an admin may run a
job now (under its lease, like any worker: a job another worker is running is not started twice)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.scheduler.jobs import JOBS, BadInterval, interval_of
from partnerops.scheduler.runs import last_runs
from partnerops.scheduler.worker import run_job, worker_name
from partnerops.settings import Settings
from partnerops.web.access import checked_form, connection, engine_of
from partnerops.web.errors import PageError
from partnerops.web.rendering import render
from partnerops.web.routes.users import Admin
from partnerops.web.writes import run_write

router = APIRouter()
NOTICES = {"ran": "Ran {job}: its run is below.", "held": "{job} is running on another worker; try again shortly.",
           "failed": "{job} failed: its error is below."}  # fmt: skip


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/admin/jobs")
def jobs_page(request: Request, viewer: Admin, conn: Annotated[Connection, Depends(connection)],
              done: str = "", job: str = "") -> Response:
    try:
        every = {name: interval_of(j, _settings(request)) for name, j in JOBS.items()}
    except BadInterval as exc:
        raise PageError(500, str(exc)) from exc
    notice = NOTICES[done].format(job=JOBS[job].title) if done in NOTICES and job in JOBS else None
    return render(request, "jobs.html.j2", viewer, title="Scheduled jobs", jobs=list(JOBS.values()), every=every,
                  runs=last_runs(conn), notice=notice)  # fmt: skip


@router.post("/admin/jobs/run")
async def run_now(request: Request, viewer: Admin, engine: Annotated[Engine, Depends(engine_of)],
                  form: Annotated[dict[str, str], Depends(checked_form)]) -> Response:
    job = JOBS.get(form.get("job", ""))
    if job is None:
        raise PageError(400, f"There is no job {form.get('job', '')!r}.")
    worker = f"{worker_name()} ({viewer.email})"
    settings = _settings(request)
    outcome = await run_write(request, lambda: run_job(engine, job, settings, worker, datetime.now(UTC), force=True))
    done = "held" if outcome is None else "failed" if outcome else "ran"
    return RedirectResponse(f"/admin/jobs?{urlencode({'done': done, 'job': job.name})}", status_code=303)
