"""A partner deleted in the CRM gets no tracker: its mentions are not news for anyone."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from partnerops.signals.seeding import seed_partner_trackers
from partnerops.signals.tracker_repo import all_trackers
from partnerops.store.tables import partners
from signals.signals_kit import NOW, seed_crm

DELETED = datetime(2026, 3, 5, tzinfo=UTC)


def test_a_deleted_partner_gets_no_tracker(engine: Engine) -> None:
    seed_crm(engine)
    with engine.begin() as conn:
        conn.execute(insert(partners).values(source_system="csv", external_id="P-9", name="Gone Partner",
                                             type="si", deleted_at=DELETED))  # fmt: skip
        seed_partner_trackers(conn, "test", NOW)
        names = {tracker.name for tracker in all_trackers(conn)}
    assert "Gone Partner" not in names and "Acme Cloud" in names
