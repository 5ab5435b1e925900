"""The alert outbox: one delivery row per rule, subject and destination. A webhook delivery waits here until
`alerts deliver` sends it; an email is handed to the mail queue. Dead letters of both channels can be replayed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, case, select, update

from partnerops.mail.queue import MailStatus, as_utc, enqueue
from partnerops.mail.queue import replay as replay_mail
from partnerops.signals.alert_messages import Alert, email_message, slack_payload
from partnerops.signals.alert_rule_repo import StoredRule
from partnerops.signals.alert_rules import Granularity
from partnerops.store.alert_tables import alert_deliveries, alert_rules
from partnerops.store.registration_tables import outbound_emails


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    # Handed to the mail queue, which retries it (`partnerops mail send`).
    MAILED = "mailed"


class Channel(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"


class DeliveryNotFound(LookupError):
    def __init__(self, delivery_id: int) -> None:
        super().__init__(f"alert delivery {delivery_id} not found")


class NotDeadLetter(ValueError):
    def __init__(self, delivery_id: int, status: DeliveryStatus) -> None:
        super().__init__(f"alert delivery {delivery_id} is {status.value}, only dead letters can be replayed")


@dataclass(frozen=True)
class Delivery:
    id: int
    rule: str
    subject: str
    channel: Channel
    destination: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    payload: dict[str, Any]


def add_deliveries(conn: Connection, stored: StoredRule, alert: Alert, now: datetime) -> int:
    """Queue the alert to each of the rule's destinations, in the caller's transaction; returns how many."""
    rows: list[dict[str, Any]] = []
    common: dict[str, Any] = {
        "rule_id": stored.id, "rule_version": stored.version, "subject_kind": stored.rule.each.value,
        "subject_id": alert.touch_id if stored.rule.each is Granularity.TOUCH else alert.signal_id,
        "attempts": 0, "next_attempt_at": now, "created_at": now, "mail_id": None}
    if stored.rule.webhook:
        rows.append(common | {"channel": Channel.WEBHOOK.value, "destination": stored.rule.webhook,
                              "payload": slack_payload(alert), "status": DeliveryStatus.PENDING.value})
    subject, body = email_message(alert)
    for address in stored.rule.emails:
        rows.append(common | {"channel": Channel.EMAIL.value, "destination": address, "status":
                              DeliveryStatus.MAILED.value, "payload": {"subject": subject, "body": body},
                              "mail_id": enqueue(conn, address, subject, body, now)})
    conn.execute(alert_deliveries.insert(), rows)
    return len(rows)


def _status() -> Any:
    """An email delivery's state is its mail's: mailed while queued, then sent or dead as the mail queue says."""
    mail = case((outbound_emails.c.status == MailStatus.QUEUED.value, DeliveryStatus.MAILED.value),
                else_=outbound_emails.c.status)
    return case((alert_deliveries.c.channel == Channel.EMAIL.value, mail), else_=alert_deliveries.c.status)


def _query() -> Any:
    return (select(alert_deliveries, alert_rules.c.name.label("rule"), _status().label("effective_status"),
                   outbound_emails.c.attempts.label("mail_attempts"),
                   outbound_emails.c.last_error.label("mail_error"))
            .join(alert_rules, alert_rules.c.id == alert_deliveries.c.rule_id)
            .outerjoin(outbound_emails, outbound_emails.c.id == alert_deliveries.c.mail_id)
            .order_by(alert_deliveries.c.id))


def list_deliveries(engine: Engine, status: DeliveryStatus | None = None, limit: int = 100) -> list[Delivery]:
    query = _query().limit(limit)
    if status is not None:
        query = query.where(_status() == status.value)
    with engine.connect() as conn:
        return [_delivery(row) for row in conn.execute(query).mappings()]


def dead_letters(engine: Engine) -> list[Delivery]:
    """Webhook deliveries that gave up, and alert emails the mail queue declared dead."""
    return list_deliveries(engine, DeliveryStatus.DEAD, limit=10_000)


def replay(engine: Engine, delivery_id: int, now: datetime) -> Delivery:
    """Give a dead letter a fresh set of attempts: a webhook goes back to pending, an email back to the mail queue."""
    with engine.connect() as conn:
        row = conn.execute(_query().where(alert_deliveries.c.id == delivery_id)).mappings().one_or_none()
    if row is None:
        raise DeliveryNotFound(delivery_id)
    found = _delivery(row)
    if found.status is not DeliveryStatus.DEAD:
        raise NotDeadLetter(delivery_id, found.status)
    if found.channel is Channel.EMAIL:
        replay_mail(engine, int(row["mail_id"]), now)
    else:
        with engine.begin() as conn:
            conn.execute(update(alert_deliveries).where(alert_deliveries.c.id == delivery_id).values(
                status=DeliveryStatus.PENDING.value, attempts=0, next_attempt_at=now))
    return found


def replay_all(engine: Engine, now: datetime) -> int:
    """Replay every dead letter; returns how many."""
    letters = dead_letters(engine)
    for letter in letters:
        replay(engine, letter.id, now)
    return len(letters)


def _delivery(row: Any) -> Delivery:
    email = row["channel"] == Channel.EMAIL.value
    attempts, error = (row["mail_attempts"], row["mail_error"]) if email else (row["attempts"], row["last_error"])
    return Delivery(row["id"], row["rule"], f"{row['subject_kind']} {row['subject_id']}", Channel(row["channel"]),
                    row["destination"], DeliveryStatus(row["effective_status"]), attempts,
                    as_utc(row["next_attempt_at"]), error, row["payload"])
