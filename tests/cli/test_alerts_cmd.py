"""`partnerops alerts` end to end on a SQLite file: rules added, listed, loaded and removed; a scan queues
alerts once; webhooks reach a real loopback receiver, dead letters wait while it is down and replay; alert
email goes through `partnerops mail send` to a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from typer.testing import CliRunner

from mail.test_delivery import Inbox, free_port
from partnerops.cli import alerts_cmd, mail_cmd, signals_cmd
from signals.signals_kit import FIXTURES, seed_crm
from signals.webhook_receiver import Receiver, closed_port_url, webhook_receiver

runner = CliRunner()
GONG = str(FIXTURES / "gong-call.json")


@pytest.fixture
def database(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("PARTNEROPS_OUR_DOMAINS", "ourco.com")
    seed_crm(cli_engine)
    return cli_engine


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as running:
        yield running


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("PARTNEROPS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PARTNEROPS_SMTP_PORT", str(port))
    yield handler
    controller.stop()


def alerts(*args: str) -> str:
    result = runner.invoke(alerts_cmd.app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_rules_are_added_versioned_listed_and_removed(database: Engine) -> None:
    assert alerts("rule", "add", "big deals", "--webhook", "https://hooks.example.com/x", "--kind", "partner",
                  "--open-deals-only", "--min-amount", "50000", "--currency", "USD").strip() == "big deals: version 1"
    assert alerts("rule", "add", "big deals", "--webhook", "https://hooks.example.com/x", "--kind", "partner",
                  "--min-amount", "75000", "--currency", "USD").strip() == "big deals: version 2"
    listed = alerts("rule", "list")
    assert "partner trackers · deals of at least 75,000.00 USD → webhook hooks.example.com" in listed
    assert alerts("rule", "remove", "big deals").strip() == "big deals: removed"
    assert "no alert rules yet" in alerts("rule", "list")


def test_a_bad_rule_is_a_clear_error(database: Engine) -> None:
    nowhere = runner.invoke(alerts_cmd.app, ["rule", "add", "nowhere", "--kind", "competitor"])
    assert nowhere.exit_code == 2 and "rule 'nowhere'" in nowhere.stderr
    assert "a rule needs a destination: a webhook URL or an email address" in nowhere.stderr
    no_currency = runner.invoke(alerts_cmd.app, ["rule", "add", "big", "--email", "pm@ourco.com", "--min-amount", "5"])
    assert no_currency.exit_code == 2 and "min_amount and currency go together" in no_currency.stderr


def test_rules_load_from_a_yaml_file(database: Engine, tmp_path: Path) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text("rules:\n  - name: competitors\n    tracker_kinds: [competitor]\n    emails: [pm@ourco.com]\n"
                    "  - name: customer mentions\n    sides: [customer]\n    webhook: https://hooks.example.com/y\n")
    assert alerts("rule", "load", str(path)).split("\n")[:2] == ["competitors: version 1",
                                                                  "customer mentions: version 1"]
    path.write_text("rules:\n  - name: broken\n    sides: [everyone]\n    webhook: ftp://x\n")
    result = runner.invoke(alerts_cmd.app, ["rule", "load", str(path)])
    assert result.exit_code == 2 and "rule 'broken'" in result.stderr and "webhook" in result.stderr


def test_a_scan_queues_each_alert_once_and_deliver_posts_it(database: Engine, receiver: Receiver) -> None:
    alerts("rule", "add", "deal mentions", "--webhook", receiver.url, "--min-amount", "100000", "--currency", "USD")
    scanned = runner.invoke(signals_cmd.app, ["scan", GONG])
    assert "2 alerts queued" in scanned.stdout
    runner.invoke(signals_cmd.app, ["scan", GONG])
    assert alerts("evaluate").strip() == "0 alerts, 0 deliveries queued"
    assert alerts("deliver").strip() == "2 sent, 0 to retry, 0 dead"
    assert [r["text"].split(":")[0] for r in receiver.received] == [
        "Acme Cloud mentioned on 0065g00000GLOBEXOPP (120,000.00 USD)"] * 2
    assert alerts("list", "--status", "sent").count("webhook") == 2


def test_a_down_receiver_leaves_dead_letters_that_replay_delivers(database: Engine, receiver: Receiver) -> None:
    alerts("rule", "add", "down", "--webhook", closed_port_url())
    alerts("rule", "add", "flaky", "--webhook", receiver.url)
    runner.invoke(signals_cmd.app, ["scan", GONG])
    receiver.failing = True
    failed = runner.invoke(alerts_cmd.app, ["deliver", "--max-attempts", "1"])
    assert failed.exit_code == 1 and failed.stdout.strip() == "0 sent, 0 to retry, 4 dead"
    dead = alerts("dead")
    assert dead.count("ConnectError") == 2 and dead.count("WebhookRefused") == 2
    receiver.failing = False
    assert alerts("replay", "3").strip() == "alert delivery 3: requeued"
    again = runner.invoke(alerts_cmd.app, ["replay", "3"])
    assert again.exit_code == 2 and "only dead letters can be replayed" in again.stderr
    assert alerts("replay", "--all").strip() == "3 dead letters requeued"
    retried = runner.invoke(alerts_cmd.app, ["deliver", "--max-attempts", "1"])
    assert retried.stdout.strip() == "2 sent, 0 to retry, 2 dead"  # the receiver is back; the closed port is not
    assert len(receiver.received) == 2


def test_alert_email_is_delivered_by_mail_send(database: Engine, inbox: Inbox) -> None:
    alerts("rule", "add", "to the team", "--email", "pm@ourco.com", "--side", "customer")
    runner.invoke(signals_cmd.app, ["scan", GONG])
    assert "mailed" in alerts("list")
    sent = runner.invoke(mail_cmd.app, ["send"])
    assert sent.stdout.strip() == "1 sent, 0 to retry, 0 dead"
    (message,) = inbox.received
    assert message["To"] == "pm@ourco.com"
    subject = " ".join(message["Subject"].split())  # a long subject is folded over two header lines
    assert subject == "[PartnerOps] Acme Cloud mentioned on 0065g00000GLOBEXOPP (120,000.00 USD)"
    body = message.get_payload()
    assert "Speaker: Sam Buyer (customer)" in body and "We run everything on Acme Cloud" in body
    assert "sent" in alerts("list")


def test_dead_alert_email_is_listed_and_replayed_through_the_mail_queue(database: Engine,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_SMTP_PORT", str(free_port()))
    alerts("rule", "add", "to the team", "--email", "pm@ourco.com", "--side", "customer")
    runner.invoke(signals_cmd.app, ["scan", GONG])
    runner.invoke(mail_cmd.app, ["send", "--max-attempts", "1"])
    assert "ConnectionRefusedError" in alerts("dead")
    assert alerts("replay", "1").strip() == "alert delivery 1: requeued"
    assert "mailed" in alerts("list") and "no deliveries match" in alerts("dead")
