"""Delivering the queue to a real SMTP server on loopback; retries with backoff when it is down; dead
letters and replay. Nothing queued is ever lost."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import Engine

from partnerops.mail.delivery import RetryPolicy, deliver_due
from partnerops.mail.queue import MailStatus, NotDead, enqueue, list_messages, replay, replay_dead
from partnerops.mail.smtp import SmtpServer

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=1))


class Inbox:
    def __init__(self) -> None:
        self.received: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        assert isinstance(envelope.content, bytes)
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, SmtpServer]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, SmtpServer("127.0.0.1", port, "partnerops@vendor.example", timeout=5)
    controller.stop()


def closed_server() -> SmtpServer:
    return SmtpServer("127.0.0.1", free_port(), "partnerops@vendor.example", timeout=5)


def queue_one(engine: Engine) -> int:
    with engine.begin() as conn:
        return enqueue(conn, "ana@acme-cloud.example", "Deal registration 1: approved", "Approved.\n", NOW)


def test_queued_mail_reaches_the_smtp_server(engine: Engine, inbox: tuple[Inbox, SmtpServer]) -> None:
    handler, server = inbox
    queue_one(engine)
    report = deliver_due(engine, server, NOW, POLICY)
    (received,) = handler.received
    assert (received["To"], received["Subject"]) == ("ana@acme-cloud.example", "Deal registration 1: approved")
    assert received.get_payload().strip() == "Approved."
    assert report.sent == 1 and list_messages(engine, MailStatus.SENT)[0].sent_at == NOW
    assert deliver_due(engine, server, NOW + timedelta(hours=1), POLICY).sent == 0


def test_a_down_server_means_a_retry_later_with_growing_delays(engine: Engine) -> None:
    queue_one(engine)
    server = closed_server()
    assert deliver_due(engine, server, NOW, POLICY).retrying == 1
    (message,) = list_messages(engine, MailStatus.QUEUED)
    assert (message.attempts, message.next_attempt_at) == (1, NOW + timedelta(minutes=1))
    assert "ConnectionRefusedError" in (message.last_error or "")
    assert deliver_due(engine, server, NOW + timedelta(seconds=30), POLICY).retrying == 0  # not due yet
    deliver_due(engine, server, NOW + timedelta(minutes=1), POLICY)
    (message,) = list_messages(engine, MailStatus.QUEUED)
    assert message.next_attempt_at == NOW + timedelta(minutes=3)  # 1 + 2


def test_after_the_last_attempt_mail_is_dead_and_replay_delivers_it(
    engine: Engine, inbox: tuple[Inbox, SmtpServer]
) -> None:
    handler, server = inbox
    message_id = queue_one(engine)
    moment = NOW
    for _ in range(POLICY.max_attempts):
        deliver_due(engine, closed_server(), moment, POLICY)
        moment += timedelta(hours=1)
    (dead,) = list_messages(engine, MailStatus.DEAD)
    assert (dead.id, dead.attempts) == (message_id, 3)
    assert deliver_due(engine, server, moment, POLICY).sent == 0  # dead mail is not retried on its own
    replayed = replay(engine, message_id, moment)
    assert (replayed.status, replayed.attempts) == (MailStatus.QUEUED, 0)
    assert deliver_due(engine, server, moment, POLICY).sent == 1
    assert [m["Subject"] for m in handler.received] == ["Deal registration 1: approved"]
    with pytest.raises(NotDead):
        replay(engine, message_id, moment)


def test_replay_dead_requeues_every_dead_message(engine: Engine) -> None:
    for _ in range(2):
        queue_one(engine)
    for hour in range(POLICY.max_attempts):
        deliver_due(engine, closed_server(), NOW + timedelta(hours=hour), POLICY)
    assert len(list_messages(engine, MailStatus.DEAD)) == 2
    assert replay_dead(engine, NOW + timedelta(days=1)) == 2
    assert len(list_messages(engine, MailStatus.QUEUED)) == 2


def test_a_message_that_cannot_be_composed_fails_alone_and_ends_dead(
    engine: Engine, inbox: tuple[Inbox, SmtpServer]
) -> None:
    handler, server = inbox
    with engine.begin() as conn:
        broken = enqueue(conn, "ana@acme-cloud.example", "Approved\r\nBcc: everyone@example.com", "Hi.\n", NOW)
    fine = queue_one(engine)
    first = deliver_due(engine, server, NOW, POLICY)
    assert (first.sent, first.retrying) == (1, 1)
    assert [m["Subject"] for m in handler.received] == ["Deal registration 1: approved"]
    for minutes in (1, 3):
        deliver_due(engine, server, NOW + timedelta(minutes=minutes), POLICY)
    by_id = {m.id: m for m in list_messages(engine)}
    assert (by_id[broken].status, by_id[fine].status) == (MailStatus.DEAD, MailStatus.SENT)
    assert by_id[broken].last_error == ("ValueError: Header values may not contain linefeed or carriage return "
                                        "characters")
    assert len(handler.received) == 1
