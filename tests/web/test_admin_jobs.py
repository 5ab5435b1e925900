"""The scheduled jobs page on SQLite and PostgreSQL: admins see each job's last run (outcome, counts, error) and
may run one now; everyone else is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.scheduler.jobs import JOBS
from partnerops.scheduler.worker import run_job
from partnerops.settings import Settings
from partnerops.web.app import create_web_app
from web.conftest import sign_in
from web.web_world import MANAGER, PASSWORD

ADMIN = "root@partnerops.test"


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with engine.begin() as c:
        add_user(c, ADMIN, Role.ADMIN, password=PASSWORD)
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
    # Mail goes to a closed port: the mail job runs and reports what it could not send, it does not fail.
    settings = Settings(database_url="sqlite://", secure_cookies=False, smtp_port=9)
    with TestClient(create_web_app(engine, settings, warm_dashboard=False)) as test_client:
        yield test_client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_jobs_page_shows_each_jobs_last_run(client: TestClient, engine: Engine) -> None:
    run_job(engine, JOBS["registration_expiry"], Settings(), "worker-7", datetime.now(UTC))
    sign_in(client, ADMIN)
    page = client.get("/admin/jobs").text
    expiry = re.search(r'<tr id="job-registration_expiry">.*?</tr>', page, re.S)
    assert expiry is not None and "succeeded" in expiry.group(0) and "expired 0" in expiry.group(0)
    assert "Not run yet." in re.search(r'<tr id="job-attribution">.*?</tr>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "Every" in page and "60 min" in expiry.group(0)


def test_an_admin_runs_a_job_now_and_sees_its_outcome(client: TestClient) -> None:
    sign_in(client, ADMIN)
    answer = client.post("/admin/jobs/run", data={"csrf_token": _csrf(client.get("/admin/jobs").text),
                                                  "job": "sla_reminders"})  # fmt: skip
    assert answer.status_code == 200
    assert "Ran SLA reminders" in answer.text
    row = re.search(r'<tr id="job-sla_reminders">.*?</tr>', answer.text, re.S)
    assert row is not None and "reminded 0" in row.group(0)


def test_only_admins_reach_the_jobs_page(client: TestClient) -> None:
    sign_in(client, MANAGER)
    assert client.get("/admin/jobs").status_code == 403
