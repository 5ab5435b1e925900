"""The audit log written in bulk: each change reads back with the time it was made, stored exactly as every other
timestamp is, and belongs to the transaction that made it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import polars as pl
from sqlalchemy import Engine, String, cast, select

from partnerops.store.audit import history, record_changes
from partnerops.store.tables import audit_log

AT = datetime(2026, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
SCHEMA = {"entity_id": pl.Int64, "field": pl.String, "old_value": pl.String, "new_value": pl.String}


def _changes(*rows: tuple[int, str, str | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _aware(at: object) -> datetime:
    """A stored time as UTC: SQLite hands it back without its zone."""
    assert isinstance(at, datetime)
    return at.replace(tzinfo=at.tzinfo or UTC)


def test_recorded_changes_read_back_with_who_when_and_what(engine: Engine) -> None:
    with engine.begin() as conn:
        count = record_changes(conn, "partners", _changes((7, "tier", "gold", "silver"), (7, "owner", None, "Ann")),
                               "importer", AT, "nightly export")
        entries = history(conn, "partners", 7)
    assert count == 2
    assert [(e["field"], e["old_value"], e["new_value"], e["actor"], e["reason"]) for e in entries] == [
        ("tier", "gold", "silver", "importer", "nightly export"), ("owner", None, "Ann", "importer", "nightly export"),
    ]  # fmt: skip
    assert {_aware(e["at"]) for e in entries} == {AT}


def test_a_bulk_audit_time_is_stored_exactly_as_a_single_insert_stores_it(engine: Engine) -> None:
    local = AT.astimezone(timezone(timedelta(hours=2)))
    with engine.begin() as conn:
        for at in (AT, local):
            record_changes(conn, "accounts", _changes((1, "name", "Acme", "Acme AG")), "importer", at)
            conn.execute(audit_log.insert(), {"at": at, "actor": "importer", "entity": "accounts", "entity_id": 2,
                                              "field": "name", "old_value": "Acme", "new_value": "Acme AG"})
        stored = conn.execute(select(audit_log.c.entity_id, cast(audit_log.c.at, String)).order_by(audit_log.c.id))
        by_entity = [text for _, text in sorted(stored.all(), key=lambda row: row[0])]
    assert by_entity[:2] == by_entity[2:]


def test_changes_recorded_first_in_a_connection_commit_and_roll_back_with_it(engine: Engine) -> None:
    with engine.connect() as conn:
        record_changes(conn, "partners", _changes((1, "tier", "gold", "silver")), "importer", AT)
        conn.rollback()
        record_changes(conn, "partners", _changes((2, "tier", "gold", "silver")), "importer", AT)
        conn.commit()
    with engine.connect() as conn:
        assert (history(conn, "partners", 1), len(history(conn, "partners", 2))) == ([], 1)
