"""The scheduled jobs: each calls the function its command runs (`registrations expire`, `mail send`,
`alerts deliver`, `attribution run`) and says what it did as counts. Intervals come from settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from partnerops.settings import Settings

__all__ = ["JOBS", "BadInterval", "Job", "interval_of", "intervals"]

Work = Callable[[Engine, datetime, Settings], dict[str, int]]


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    every_seconds: int
    work: Work


def _expire_registrations(engine: Engine, now: datetime, _settings: Settings) -> dict[str, int]:
    from partnerops.registrations.service import expire_registrations

    return {"expired": len(expire_registrations(engine, now))}


def _sla_reminders(engine: Engine, now: datetime, settings: Settings) -> dict[str, int]:
    from partnerops.scheduler.sla_reminders import remind_overdue

    return remind_overdue(engine, now, settings.base_url)


def _mail_queue(engine: Engine, now: datetime, settings: Settings) -> dict[str, int]:
    from partnerops.mail.delivery import deliver_due
    from partnerops.mail.smtp import SmtpServer

    report = deliver_due(engine, SmtpServer.from_settings(settings), now)
    return {"sent": report.sent, "retrying": report.retrying, "dead": report.dead}


def _alert_deliveries(engine: Engine, now: datetime, _settings: Settings) -> dict[str, int]:
    from partnerops.signals.alert_delivery import deliver_webhooks

    report = deliver_webhooks(engine, now)
    return {"sent": report.sent, "retrying": report.retrying, "dead": report.dead}


def _attribution(engine: Engine, _now: datetime, _settings: Settings) -> dict[str, int]:
    """Attribution again under the latest run's policy (the default policy when nothing ran yet), as the pages
    re-run it after a decision."""
    from partnerops.attribution.service import run_attribution
    from partnerops.store.attribution_runs import NoAttributionRun, find_run

    with engine.connect() as conn:
        try:
            policy = find_run(conn).policy()
        except NoAttributionRun:
            policy = None
    summary = run_attribution(engine, policy)
    return {"run": summary.run_id, "opportunities": summary.opportunities, "attributions": summary.attributions}



def _crm_sync(engine: Engine, now: datetime, settings: Settings) -> dict[str, int]:
    """Every CRM connection pulled from its cursors, and attribution pushed where its mapping says (`sync`)."""
    from partnerops.sync.scheduled import sync_every_connection

    return sync_every_connection(engine, now, settings)


def _payment_retries(engine: Engine, now: datetime, settings: Settings) -> dict[str, int]:
    """Payout lines due again sent through their provider (`commissions payouts execute` for one batch)."""
    from partnerops.payments.scheduled import retry_due_payments

    return retry_due_payments(engine, now, settings)


def _routing_expiry(engine: Engine, now: datetime, _settings: Settings) -> dict[str, int]:
    """Offers of leads unanswered past their SLA expire (`routing expire`)."""
    from partnerops.routing.expiry import expire_offers

    return {"expired": len(expire_offers(engine, now))}


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("registration_expiry", "Registration expiry", 3600, _expire_registrations),
    Job("sla_reminders", "SLA reminders", 900, _sla_reminders),
    Job("mail_queue", "Mail queue", 60, _mail_queue),
    Job("alert_deliveries", "Alert deliveries", 60, _alert_deliveries),
    Job("attribution", "Attribution re-run", 86_400, _attribution),
    Job("crm_sync", "CRM sync", 300, _crm_sync),
    Job("payment_retries", "Payment retries", 300, _payment_retries),
    Job("routing_expiry", "Routing offer expiry", 900, _routing_expiry),
)}  # fmt: skip


class BadInterval(ValueError):
    """PARTNEROPS_JOB_INTERVALS names a job that does not exist or gives no whole number of seconds."""


def intervals(text: str) -> dict[str, int]:
    """`JOB=SECONDS` pairs separated by commas, e.g. "mail_queue=30, attribution=3600"."""
    found: dict[str, int] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        name, _, seconds = pair.partition("=")
        if name.strip() not in JOBS or not seconds.strip().isdigit() or int(seconds) < 1:
            raise BadInterval(f"PARTNEROPS_JOB_INTERVALS: {pair!r} is not JOB=SECONDS with JOB one of "
                              f"{', '.join(JOBS)}")
        found[name.strip()] = int(seconds)
    return found


def interval_of(job: Job, settings: Settings) -> int:
    """Seconds between `job`'s runs: PARTNEROPS_JOB_INTERVALS over the job's default."""
    return intervals(settings.job_intervals).get(job.name, job.every_seconds)
