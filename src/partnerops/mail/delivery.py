"""Delivering the queue: each due message is tried once per run; a failure is retried later with
exponential backoff, and after the last attempt the message is dead (listed and replayable, never lost)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.errors import MessageError
from smtplib import SMTPException

from sqlalchemy import Engine, select, update

from partnerops.mail.queue import MailStatus, OutboundEmail, get_message
from partnerops.mail.smtp import SmtpServer, compose, send
from partnerops.store.registration_tables import outbound_emails


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    first_delay: timedelta = timedelta(minutes=1)
    # While one worker sends a message, others skip it for this long.
    lease: timedelta = timedelta(minutes=5)

    def delay(self, attempts: int) -> timedelta:
        """1, 2, 4, 8 ... times the first delay after the 1st, 2nd, 3rd ... failed attempt."""
        return self.first_delay * (1 << (attempts - 1))


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0


def deliver_due(engine: Engine, server: SmtpServer, now: datetime, policy: RetryPolicy | None = None) -> DeliveryReport:
    """Try every queued message whose next attempt is due at `now`."""
    policy = policy or RetryPolicy()
    outcomes: list[MailStatus | None] = [_deliver(engine, server, message_id, now, policy)
                                         for message_id in _due(engine, now)]
    return DeliveryReport(outcomes.count(MailStatus.SENT), outcomes.count(MailStatus.QUEUED),
                          outcomes.count(MailStatus.DEAD))


def _due(engine: Engine, now: datetime) -> list[int]:
    query = select(outbound_emails.c.id).where(outbound_emails.c.status == MailStatus.QUEUED.value,
                                               outbound_emails.c.next_attempt_at <= now)
    with engine.connect() as conn:
        return list(conn.scalars(query.order_by(outbound_emails.c.id)))


def _deliver(engine: Engine, server: SmtpServer, message_id: int, now: datetime,
             policy: RetryPolicy) -> MailStatus | None:
    message = _claim(engine, message_id, now, policy)
    if message is None:
        return None
    try:
        send(server, compose(server.sender, message.to_address, message.subject, message.body))
    # A message that cannot be composed (a line break in a header, an address that will not encode) fails like
    # one the server refused: it goes to the dead letters after its attempts and never stops the rest.
    except (OSError, SMTPException, ValueError, MessageError) as exc:
        return _failed(engine, message, now, policy, f"{type(exc).__name__}: {exc}")
    _record(engine, message_id, status=MailStatus.SENT.value, attempts=message.attempts + 1, sent_at=now,
            last_error=None)
    return MailStatus.SENT


def _claim(engine: Engine, message_id: int, now: datetime, policy: RetryPolicy) -> OutboundEmail | None:
    """Lease the message so a concurrent worker does not send it twice; None when another worker has it."""
    with engine.begin() as conn:
        claimed = conn.execute(update(outbound_emails).where(
            outbound_emails.c.id == message_id, outbound_emails.c.status == MailStatus.QUEUED.value,
            outbound_emails.c.next_attempt_at <= now).values(next_attempt_at=now + policy.lease))
        return get_message(conn, message_id) if claimed.rowcount == 1 else None


def _failed(engine: Engine, message: OutboundEmail, now: datetime, policy: RetryPolicy, error: str) -> MailStatus:
    attempts = message.attempts + 1
    status = MailStatus.DEAD if attempts >= policy.max_attempts else MailStatus.QUEUED
    _record(engine, message.id, status=status.value, attempts=attempts, last_error=error,
            next_attempt_at=now + policy.delay(attempts))
    return status


def _record(engine: Engine, message_id: int, **values: object) -> None:
    with engine.begin() as conn:
        conn.execute(update(outbound_emails).where(outbound_emails.c.id == message_id).values(**values))
