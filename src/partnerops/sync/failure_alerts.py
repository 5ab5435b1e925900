"""A failing connection through the alert deliveries: the alert rule a connection's mapping names (`alert_rule:`)
hears of the failure at its webhook (Slack-compatible; posted, retried and dead-lettered by the alert_deliveries
job) and at its emails (through the mail queue), one delivery per destination with the subject `sync_run <id>`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from partnerops.mail.queue import enqueue
from partnerops.signals.alert_outbox import Channel, DeliveryStatus
from partnerops.signals.alert_rule_repo import AlertRuleNotFound, active_rules
from partnerops.store.alert_tables import alert_deliveries
from partnerops.sync.runs import RunReport

SUBJECT = "sync_run"


def queue_failure_alert(conn: Connection, rule_name: str, report: RunReport, now: datetime, link: str) -> int:
    """Queue the failed run to each destination of alert rule `rule_name`; returns how many deliveries."""
    stored = next((r for r in active_rules(conn) if r.name == rule_name), None)
    if stored is None:
        raise AlertRuleNotFound(rule_name)
    subject, body = failure_message(report, link)
    common: dict[str, Any] = {"rule_id": stored.id, "rule_version": stored.version, "subject_kind": SUBJECT,
                              "subject_id": report.run_id, "attempts": 0, "next_attempt_at": now,
                              "created_at": now, "mail_id": None}
    rows: list[dict[str, Any]] = []
    if stored.rule.webhook:
        rows.append(common | {"channel": Channel.WEBHOOK.value, "destination": stored.rule.webhook,
                              "payload": _slack(subject, body), "status": DeliveryStatus.PENDING.value})
    for address in stored.rule.emails:
        rows.append(common | {"channel": Channel.EMAIL.value, "destination": address,
                              "status": DeliveryStatus.MAILED.value, "payload": {"subject": subject, "body": body},
                              "mail_id": enqueue(conn, address, subject, body, now)})
    if rows:
        conn.execute(alert_deliveries.insert(), rows)
    return len(rows)


def failure_message(report: RunReport, link: str) -> tuple[str, str]:
    """The subject and text of a failed run's alert: which connection, what failed, where to look."""
    subject = f"PartnerOps: the {report.direction} of CRM connection {report.connection!r} failed"
    body = (f"The scheduled {report.direction} of {report.connection!r} failed (run {report.run_id}):\n\n"
            + "\n".join(report.errors)
            + f"\n\nRuns: `partnerops sync runs {report.connection}`; its setup: `partnerops connections test "
            f"{report.connection}`.\n{link}\n")
    return subject, body


def _slack(subject: str, body: str) -> dict[str, Any]:
    return {"text": subject, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{subject}*"}},
                                        {"type": "section", "text": {"type": "plain_text", "text": body[:2900]}}]}
