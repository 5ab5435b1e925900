"""Webhook deliveries to a real HTTP receiver on loopback: Slack-compatible JSON, retries with growing delays
while it fails or is down, dead letters after the last attempt, and replay delivering them. Nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from partnerops.ingest.conversations.formats import conversation_files
from partnerops.mail.delivery import RetryPolicy
from partnerops.signals.alert_delivery import deliver_webhooks
from partnerops.signals.alert_evaluation import evaluate_rules
from partnerops.signals.alert_outbox import (
    DeliveryStatus,
    NotDeadLetter,
    dead_letters,
    list_deliveries,
    replay,
    replay_all,
)
from partnerops.signals.alert_rule_repo import save_rule
from partnerops.signals.alert_rules import rule_from_json
from partnerops.signals.scan import scan_files
from signals.signals_kit import FIXTURES, NOW, RULE, catalog, seed_crm
from signals.webhook_receiver import Receiver, closed_port_url, webhook_receiver

POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=1))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


def _alerts_for_gong_call(engine: Engine, url: str) -> int:
    """One rule, one alert per signal of the Gong call (two mentions); returns how many were queued."""
    seed_crm(engine)
    with engine.begin() as conn:
        save_rule(conn, "deal mentions", rule_from_json({"webhook": url, "min_amount": "1000", "currency": "USD"}),
                  "ops", NOW)
    scan_files(engine, conversation_files([FIXTURES / "gong-call.json"]), catalog(engine), RULE, NOW)
    return evaluate_rules(engine, NOW).deliveries


def test_the_receiver_gets_slack_compatible_json_with_the_evidence(engine: Engine, receiver: Receiver) -> None:
    assert _alerts_for_gong_call(engine, receiver.url) == 2
    report = deliver_webhooks(engine, NOW, POLICY)
    assert (report.sent, report.retrying, report.dead) == (2, 0, 0)
    first = receiver.received[0]
    assert (first["path"], first["content_type"]) == ("/hooks/alerts", "application/json")
    assert first["text"].startswith("Acme Cloud mentioned on 0065g00000GLOBEXOPP (120,000.00 USD): \"We run")
    fields = dict(f["text"].split("\n", 1) for f in first["blocks"][1]["fields"])
    assert fields == {"*Partner*": "Acme Cloud", "*Tracker*": "Acme Cloud", "*Deal*": "0065g00000GLOBEXOPP — Globex",
                      "*Amount*": "120,000.00 USD", "*Phrase*": "Acme Cloud", "*Speaker*": "Sam Buyer (customer)",
                      "*File*": "gong-call.json"}
    assert "We run everything on Acme Cloud" in first["blocks"][2]["text"]["text"]
    assert deliver_webhooks(engine, NOW + timedelta(hours=1), POLICY).sent == 0  # sent once, never again


def test_a_failing_receiver_means_retries_with_growing_delays(engine: Engine, receiver: Receiver) -> None:
    _alerts_for_gong_call(engine, receiver.url)
    receiver.failing = True
    assert deliver_webhooks(engine, NOW, POLICY).retrying == 2
    pending = list_deliveries(engine, DeliveryStatus.PENDING)
    assert {(d.attempts, d.next_attempt_at) for d in pending} == {(1, NOW + timedelta(minutes=1))}
    assert "WebhookRefused" in (pending[0].last_error or "") and "500" in (pending[0].last_error or "")
    assert deliver_webhooks(engine, NOW + timedelta(seconds=30), POLICY).retrying == 0  # not due yet
    deliver_webhooks(engine, NOW + timedelta(minutes=1), POLICY)
    assert {d.next_attempt_at for d in list_deliveries(engine)} == {NOW + timedelta(minutes=3)}  # 1 + 2
    receiver.failing = False
    assert deliver_webhooks(engine, NOW + timedelta(minutes=3), POLICY).sent == 2
    assert len(receiver.received) == 2


def test_a_receiver_that_stays_down_leaves_dead_letters_that_replay_requeues(engine: Engine) -> None:
    url = closed_port_url()
    _alerts_for_gong_call(engine, url)
    moment = NOW
    for _ in range(POLICY.max_attempts):
        deliver_webhooks(engine, moment, POLICY)
        moment += timedelta(hours=1)
    dead = dead_letters(engine)
    assert [(d.status, d.attempts) for d in dead] == [(DeliveryStatus.DEAD, 3)] * 2
    assert "ConnectError" in (dead[0].last_error or "")
    assert deliver_webhooks(engine, moment, POLICY).dead == 0  # a dead letter is not retried on its own
    replayed = replay(engine, dead[0].id, moment)
    assert replayed.id == dead[0].id
    with pytest.raises(NotDeadLetter):
        replay(engine, dead[0].id, moment)
    assert replay_all(engine, moment) == 1
    assert [d.attempts for d in list_deliveries(engine, DeliveryStatus.PENDING)] == [0, 0]


def test_replayed_letters_reach_the_receiver_once_it_is_back(engine: Engine, receiver: Receiver) -> None:
    _alerts_for_gong_call(engine, receiver.url)
    receiver.failing = True
    moment = NOW
    for _ in range(POLICY.max_attempts):
        deliver_webhooks(engine, moment, POLICY)
        moment += timedelta(hours=1)
    assert len(dead_letters(engine)) == 2 and receiver.received == []
    receiver.failing = False
    replay_all(engine, moment)
    assert deliver_webhooks(engine, moment, POLICY).sent == 2
    assert [d.status for d in list_deliveries(engine)] == [DeliveryStatus.SENT] * 2
    assert len(receiver.received) == 2 and dead_letters(engine) == []
