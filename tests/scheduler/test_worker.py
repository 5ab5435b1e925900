"""The built-in scheduler on SQLite and PostgreSQL: a due job runs and records its run, runs again only after its
interval, a job leased by another worker is skipped, racing workers run a job once, and a failure is recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from concurrency.race import race
from mail.test_delivery import Inbox, free_port
from partnerops.mail.queue import enqueue
from partnerops.scheduler.jobs import JOBS, BadInterval, Job, interval_of, intervals
from partnerops.scheduler.leases import take_lease
from partnerops.scheduler.runs import last_runs
from partnerops.scheduler.worker import run_due, run_job
from partnerops.settings import Settings
from partnerops.store.job_tables import job_runs

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Settings]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, Settings(smtp_host="127.0.0.1", smtp_port=controller.port, mail_from="ops@vendor.example")
    controller.stop()


def _runs(engine: Engine, job: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        query = select(job_runs.c.worker, job_runs.c.outcome, job_runs.c.counts).where(job_runs.c.job == job)
        return [tuple(row) for row in conn.execute(query.order_by(job_runs.c.id))]


def test_the_mail_queue_job_sends_queued_mail_and_records_its_run(
    engine: Engine, smtp: tuple[Inbox, Settings]
) -> None:
    inbox, settings = smtp
    with engine.begin() as conn:
        enqueue(conn, "ana@acme.example", "Deal registration 1: approved", "Approved.\n", NOW)
    result = run_due(engine, settings, "worker-1", NOW + timedelta(seconds=1), only=["mail_queue"])
    assert result.ran == ["mail_queue"]
    assert [m["To"] for m in inbox.received] == ["ana@acme.example"]
    assert _runs(engine, "mail_queue") == [("worker-1", "succeeded", {"sent": 1, "retrying": 0, "dead": 0})]
    with engine.connect() as conn:
        shown = last_runs(conn)["mail_queue"]
    assert shown.finished_at is not None and shown.error is None


def test_a_job_runs_again_only_once_its_interval_has_passed(engine: Engine, smtp: tuple[Inbox, Settings]) -> None:
    _, settings = smtp
    run_due(engine, settings, "w", NOW, only=["mail_queue"])
    assert run_due(engine, settings, "w", NOW + timedelta(seconds=59), only=["mail_queue"]).ran == []
    assert run_due(engine, settings, "w", NOW + timedelta(seconds=60), only=["mail_queue"]).ran == ["mail_queue"]
    assert len(_runs(engine, "mail_queue")) == 2


def test_a_second_worker_skips_a_job_another_worker_holds(engine: Engine, smtp: tuple[Inbox, Settings]) -> None:
    _, settings = smtp
    assert take_lease(engine, "mail_queue", "worker-1", NOW, timedelta(minutes=30))
    result = run_due(engine, settings, "worker-2", NOW, only=["mail_queue"])
    assert result.skipped == ["mail_queue"] and result.ran == []
    assert _runs(engine, "mail_queue") == []
    # Once the holder's lease lapses (it died), the job is taken over.
    later = run_due(engine, settings, "worker-2", NOW + timedelta(minutes=31), only=["mail_queue"])
    assert later.ran == ["mail_queue"]


def test_workers_racing_for_a_due_job_run_it_once(engine: Engine, smtp: tuple[Inbox, Settings]) -> None:
    _, settings = smtp
    job = JOBS["registration_expiry"]
    outcomes = race(lambda i: run_job(engine, job, settings, f"worker-{i}", NOW), 4)
    assert sorted(outcomes, key=str) == sorted(["", None, None, None], key=str)
    assert len(_runs(engine, "registration_expiry")) == 1


def test_a_failing_job_is_recorded_with_its_error_and_its_lease_freed(engine: Engine) -> None:
    def broken(_engine: Engine, _now: datetime, _settings: Settings) -> dict[str, int]:
        raise RuntimeError("the SMTP password was refused")

    job = Job("mail_queue", "Mail queue", 60, broken)
    assert run_job(engine, job, Settings(), "w", NOW) == "RuntimeError: the SMTP password was refused"
    with engine.connect() as conn:
        shown = last_runs(conn)["mail_queue"]
    assert (shown.outcome, shown.error) == ("failed", "RuntimeError: the SMTP password was refused")
    assert take_lease(engine, "mail_queue", "another", NOW + timedelta(seconds=1), timedelta(minutes=1))


def test_intervals_come_from_the_setting_and_a_wrong_one_names_itself() -> None:
    settings = Settings(job_intervals="mail_queue=30, attribution=3600")
    assert interval_of(JOBS["mail_queue"], settings) == 30
    assert interval_of(JOBS["sla_reminders"], settings) == JOBS["sla_reminders"].every_seconds
    with pytest.raises(BadInterval, match="'mail=30' is not JOB=SECONDS"):
        intervals("mail=30")
    with pytest.raises(BadInterval, match="'mail_queue=soon'"):
        intervals("mail_queue=soon")
