"""Two syncs of one connection started at the same instant: one runs, the other is refused with SyncRunning and
changes nothing; on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrency.race import losers, race, winners
from partnerops.sync.runs import SyncRunning
from sync.crm_kit import Org


def test_only_one_of_two_simultaneous_syncs_runs(salesforce: Org) -> None:
    results = race(lambda _: salesforce.sync(), 2)
    refused = losers(results)
    assert len(winners(results)) == 1 and len(refused) == 1
    assert isinstance(refused[0], SyncRunning) and "is being synced by run" in str(refused[0])
    assert salesforce.rows("sync_runs", "status") == [("finished",)]
    assert salesforce.live("opportunities") == ["006A", "006B"]


def test_a_run_whose_process_died_is_taken_over_once_its_lease_lapsed(salesforce: Org) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from partnerops.store.sync_tables import sync_runs

    salesforce.sync()
    with salesforce.engine.begin() as conn:
        conn.execute(update(sync_runs).values(status="running", lease_until=datetime.now(UTC) - timedelta(minutes=1)))
    assert salesforce.sync().status == "finished"
    assert [s for (s,) in salesforce.rows("sync_runs", "status")] == ["finished", "interrupted"]
