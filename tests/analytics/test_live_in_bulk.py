"""The set-membership forms of the live-record rules (for counting many rows) select exactly the touches and deals
the per-row forms do, with deleted partners, deals and accounts planted, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert, select

from partnerops.analytics.live import live_opportunity, live_opportunity_in_bulk, live_touch, live_touch_in_bulk
from partnerops.store.tables import accounts, opportunities, partners, touches

GONE = datetime(2026, 1, 1, tzinfo=UTC)


def _seed(engine: Engine) -> None:
    def gone(i: int, every: int) -> datetime | None:
        return GONE if i % every == 0 else None

    with engine.begin() as c:
        c.execute(insert(partners), [{"id": i, "source_system": "csv", "external_id": f"P{i}", "name": f"P{i}",
                                      "type": "referral", "deleted_at": gone(i, 4)} for i in range(1, 9)])
        c.execute(insert(accounts), [{"id": i, "source_system": "csv", "external_id": f"A{i}", "name": f"A{i}",
                                      "deleted_at": gone(i, 5)} for i in range(1, 11)])
        c.execute(insert(opportunities), [
            {"id": i, "source_system": "csv", "external_id": f"O{i}", "account_id": 1 + i % 10, "name": f"O{i}",
             "amount_minor": 100, "currency": "USD", "stage": "Open", "outcome": "open",
             "created_on": date(2026, 1, 1), "deleted_at": gone(i, 7)} for i in range(1, 41)])  # fmt: skip
        c.execute(insert(touches), [
            {"id": i, "source_system": "csv", "external_id": f"T{i}", "partner_id": 1 + i % 8,
             "opportunity_id": 1 + (i * 3) % 40, "type": "poc", "touched_on": date(2026, 1, 2), "status": "claimed",
             "deleted_at": gone(i, 11)} for i in range(1, 201)])  # fmt: skip


def test_the_bulk_forms_select_the_same_live_records(engine: Engine) -> None:
    _seed(engine)
    with engine.connect() as c:
        by_row = set(c.execute(select(touches.c.id).where(live_touch())).scalars())
        in_bulk = set(c.execute(select(touches.c.id).where(live_touch_in_bulk())).scalars())
        deals = set(c.execute(select(opportunities.c.id).where(live_opportunity())).scalars())
        deals_in_bulk = set(c.execute(select(opportunities.c.id).where(live_opportunity_in_bulk())).scalars())
    assert by_row == in_bulk and 0 < len(by_row) < 200
    assert deals == deals_in_bulk and 0 < len(deals) < 40
