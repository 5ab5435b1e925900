"""The scheduler's CRM sync job: every connection pulled and, where its mapping says, pushed; a connection that
starts failing is mailed to the admins once, not at every run, and sent to its mapping's alert rule through the
alert deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from partnerops.mail.queue import list_messages
from partnerops.scheduler.jobs import JOBS
from partnerops.settings import Settings
from partnerops.signals.alert_delivery import deliver_webhooks
from partnerops.signals.alert_outbox import list_deliveries
from partnerops.signals.alert_rule_repo import save_rule
from partnerops.signals.alert_rules import rule_from_json
from partnerops.store.tables import users
from partnerops.sync.mapping import default_mapping_path
from partnerops.sync.scheduled import sync_every_connection
from sync.crm_kit import FAST, Org, secret_key_text
from sync.fake_server import Answer, FakeServer, Request


def _run(org: Org) -> dict[str, int]:
    settings = Settings(secret_key=secret_key_text(), base_url="https://partnerops.example")
    return JOBS["crm_sync"].work(org.engine, datetime.now(UTC), settings)


def test_the_job_pulls_every_connection_and_pushes_once_attributed(salesforce: Org) -> None:
    counts = _run(salesforce)
    assert counts["connections"] == 1 and counts["failed"] == 0 and counts["inserted"] == 6
    salesforce.attribute()
    assert _run(salesforce)["written"] == 6
    assert salesforce.crm.records["Opportunity"]["006A"]["Partner_Attribution_Tier__c"] == "sourced"


def test_a_failing_connection_is_mailed_to_the_admins_once(salesforce: Org) -> None:
    with salesforce.engine.begin() as conn:
        conn.execute(insert(users).values(email="admin@example.com", role="admin"))
        conn.execute(insert(users).values(email="sales@example.com", role="sales"))
    salesforce.server.stop()
    settings = Settings(secret_key=secret_key_text())
    for _ in range(2):
        assert sync_every_connection(salesforce.engine, datetime.now(UTC), settings, FAST)["failed"] == 1
    mails = list_messages(salesforce.engine)
    assert [m.to_address for m in mails] == ["admin@example.com"]
    assert "CRM connection 'salesforce' failed" in mails[0].subject


class _Receiver:
    """A chat webhook on loopback: keeps what it was posted."""

    def __init__(self) -> None:
        self.posted: list[Any] = []

    def answer(self, request: Request) -> Answer:
        self.posted.append(request.json())
        return Answer(200, {"ok": True})


def test_a_failing_connection_reaches_the_mappings_alert_rule_through_the_alert_deliveries(
        salesforce: Org, tmp_path: Path) -> None:
    receiver = _Receiver()
    webhook = FakeServer(receiver)
    now = datetime.now(UTC)
    with salesforce.engine.begin() as conn:
        save_rule(conn, "crm health", rule_from_json({"webhook": f"{webhook.url}/hook", "emails": ["ops@example.com"],
                                                      "partners": ["no such partner"]}), "test", now)
    mapping = tmp_path / "salesforce.yaml"
    mapping.write_text(default_mapping_path("salesforce").read_text() + "alert_rule: crm health\n")
    salesforce.use_mapping(mapping)
    salesforce.server.stop()
    settings = Settings(secret_key=secret_key_text())
    for _ in range(2):
        sync_every_connection(salesforce.engine, now, settings, FAST)
    deliveries = list_deliveries(salesforce.engine)
    assert sorted((d.channel.value, d.destination) for d in deliveries) == [
        ("email", "ops@example.com"), ("webhook", f"{webhook.url}/hook")]
    assert {d.subject.split()[0] for d in deliveries} == {"sync_run"}
    assert deliver_webhooks(salesforce.engine, now).sent == 1
    webhook.stop()
    assert "CRM connection 'salesforce' failed" in receiver.posted[0]["text"]
