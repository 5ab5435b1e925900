"""The scheduler's CRM sync job: every connection pulled and, where its mapping says, pushed; a connection that
starts failing is mailed to the admins once, not at every run."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from partnerops.mail.queue import list_messages
from partnerops.scheduler.jobs import JOBS
from partnerops.settings import Settings
from partnerops.store.tables import users
from partnerops.sync.scheduled import sync_every_connection
from sync.crm_kit import FAST, Org, secret_key_text


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
