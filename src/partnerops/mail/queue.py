"""The outbound mail queue: a table row per message, queued until delivered or declared dead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, func, select, update

from partnerops.store.registration_tables import outbound_emails


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DEAD = "dead"


class MessageNotFound(LookupError):
    def __init__(self, message_id: int) -> None:
        super().__init__(f"message {message_id} not found")
        self.message_id = message_id


class NotDead(ValueError):
    """Only a dead message can be replayed; a queued one is still being tried, a sent one arrived."""

    def __init__(self, message_id: int, status: MailStatus) -> None:
        super().__init__(f"message {message_id} is {status.value}, only dead messages can be replayed")
        self.message_id = message_id
        self.status = status


@dataclass(frozen=True)
class OutboundEmail:
    id: int
    to_address: str
    subject: str
    body: str
    status: MailStatus
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive timestamps; every timestamp we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def enqueue(conn: Connection, to_address: str, subject: str, body: str, now: datetime) -> int:
    """Queue a plain-text message for delivery, in the caller's transaction (so it commits with the change)."""
    values = {"to_address": to_address, "subject": subject, "body": body, "status": MailStatus.QUEUED.value,
              "attempts": 0, "next_attempt_at": now, "created_at": now}
    return int(conn.execute(outbound_emails.insert().values(**values).returning(outbound_emails.c.id)).scalar_one())


def list_messages(engine: Engine, status: MailStatus | None = None, limit: int | None = None,
                  offset: int = 0) -> list[OutboundEmail]:
    """Messages in the order they were queued (all of them unless `limit`), optionally of one status."""
    query = select(outbound_emails).order_by(outbound_emails.c.id).limit(limit).offset(offset)
    if status is not None:
        query = query.where(outbound_emails.c.status == status.value)
    with engine.connect() as conn:
        return [_message(row._mapping) for row in conn.execute(query)]


def count_messages(engine: Engine, status: MailStatus | None = None) -> int:
    query = select(func.count()).select_from(outbound_emails)
    if status is not None:
        query = query.where(outbound_emails.c.status == status.value)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def get_message(conn: Connection, message_id: int) -> OutboundEmail:
    row = conn.execute(select(outbound_emails).where(outbound_emails.c.id == message_id)).first()
    if row is None:
        raise MessageNotFound(message_id)
    return _message(row._mapping)


def replay(engine: Engine, message_id: int, now: datetime) -> OutboundEmail:
    """Put a dead message back in the queue with a fresh set of attempts."""
    with engine.begin() as conn:
        message = get_message(conn, message_id)
        if message.status is not MailStatus.DEAD:
            raise NotDead(message_id, message.status)
        conn.execute(update(outbound_emails).where(outbound_emails.c.id == message_id).values(
            status=MailStatus.QUEUED.value, attempts=0, next_attempt_at=now))
        return get_message(conn, message_id)


def replay_dead(engine: Engine, now: datetime) -> int:
    """Requeue every dead message; returns how many."""
    with engine.begin() as conn:
        result = conn.execute(update(outbound_emails).where(outbound_emails.c.status == MailStatus.DEAD.value)
                              .values(status=MailStatus.QUEUED.value, attempts=0, next_attempt_at=now))
        return int(result.rowcount)


def _message(row: object) -> OutboundEmail:
    values = dict(row)  # type: ignore[call-overload]
    return OutboundEmail(
        id=values["id"], to_address=values["to_address"], subject=values["subject"], body=values["body"],
        status=MailStatus(values["status"]), attempts=values["attempts"], last_error=values["last_error"],
        next_attempt_at=as_utc(values["next_attempt_at"]), created_at=as_utc(values["created_at"]),
        sent_at=as_utc(values["sent_at"]) if values["sent_at"] else None,
    )
