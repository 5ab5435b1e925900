"""Upserts on re-import: the CRM's fields take the file's value, shared fields go through the three-way merge
(a decision made here survives, a change only the file made is applied, both changing it is a conflict)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select, update

from partnerops.store import quarantine_repo
from partnerops.store.audit import history
from partnerops.store.conflicts_repo import list_conflicts
from partnerops.store.tables import accounts, partners
from partnerops.store.upsert import UpsertCounts, upsert

AT = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
KEY = ("source_system", "external_id")
PARTNER = {"source_system": "csv", "external_id": "P1", "name": "Cloudy", "type": "technology", "tier": "gold",
           "stage": "co_sell", "domain": "cloudy.io", "owner": "Ann", "joined_on": date(2025, 1, 2)}  # fmt: skip
# Typed as an import types them, so a file's empty value is a missing text, not a column of nulls.
SCHEMA = {name: pl.Date if name == "joined_on" else pl.String for name in PARTNER}


def _import(conn: Connection, batch_id: int | None = None, **changed: Any) -> UpsertCounts:
    rows = pl.DataFrame([PARTNER | changed], schema=SCHEMA)
    return upsert(conn, partners, KEY, rows, "importer", AT, batch_id=batch_id)


def _partner(conn: Connection) -> dict[str, Any]:
    return dict(conn.execute(select(partners).where(partners.c.external_id == "P1")).one()._mapping)


def _correct_here(conn: Connection, **values: Any) -> None:
    conn.execute(update(partners).where(partners.c.external_id == "P1").values(values))


def test_a_new_record_remembers_what_was_imported_for_each_shared_field(engine: Engine) -> None:
    with engine.begin() as conn:
        counts = _import(conn)
        stored = _partner(conn)
    assert (counts.inserted, counts.updated, counts.conflicts) == (1, 0, 0)
    assert (stored["tier_as_imported"], stored["type_as_imported"], stored["owner_as_imported"]) == (
        "gold", "technology", "Ann",
    )  # fmt: skip


def test_importing_the_same_rows_again_changes_nothing(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        again = _import(conn)
        audited = history(conn, "partners", _partner(conn)["id"])
    assert (again.inserted, again.updated, again.unchanged, again.conflicts) == (0, 0, 1, 0)
    assert again.changes.height == 0 and audited == []


def test_a_correction_made_here_survives_a_reimport_of_the_unchanged_file(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        _correct_here(conn, tier="platinum", owner="Bea")
        again = _import(conn)
        stored = _partner(conn)
        audited = history(conn, "partners", stored["id"])
    assert (stored["tier"], stored["owner"]) == ("platinum", "Bea")
    assert (again.updated, again.conflicts, again.changes.height, audited) == (0, 0, 0, [])


def test_a_change_only_the_file_made_is_applied_audited_and_reported(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        counts = _import(conn, tier="silver")
        stored = _partner(conn)
        audited = history(conn, "partners", stored["id"])
    assert (stored["tier"], stored["tier_as_imported"]) == ("silver", "silver")
    assert counts.changes.rows() == [(stored["id"], "tier", "gold", "silver")]
    assert [(e["field"], e["old_value"], e["new_value"], e["actor"]) for e in audited] == [
        ("tier", "gold", "silver", "importer")
    ]


def test_a_field_both_sides_changed_keeps_ours_and_records_a_conflict(engine: Engine) -> None:
    with engine.begin() as conn:
        batch = quarantine_repo.start_batch(conn, "partners.csv", "0" * 64, "partners", "generic", {}, AT)
        _import(conn)
        _correct_here(conn, tier="platinum")
        counts = _import(conn, batch_id=batch, tier="silver")
        stored = _partner(conn)
        (conflict,) = list_conflicts(conn)
    assert (stored["tier"], stored["tier_as_imported"]) == ("platinum", "silver")
    assert (counts.updated, counts.conflicts, counts.changes.height) == (0, 1, 0)
    assert {k: conflict[k] for k in ("entity", "entity_id", "external_id", "field", "base", "ours", "theirs")} == {
        "entity": "partners", "entity_id": stored["id"], "external_id": "P1", "field": "tier",
        "base": "gold", "ours": "platinum", "theirs": "silver",
    }  # fmt: skip
    assert (conflict["status"], conflict["batch_id"]) == ("open", batch)


def test_the_same_changed_file_again_raises_no_second_conflict(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        _correct_here(conn, tier="platinum")
        _import(conn, tier="silver")
        again = _import(conn, tier="silver")
        assert (again.conflicts, again.updated, len(list_conflicts(conn, None))) == (0, 0, 1)
        assert _partner(conn)["tier"] == "platinum"


def test_both_sides_making_the_same_change_is_no_conflict(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        _correct_here(conn, stage="enable")
        counts = _import(conn, stage="enable")
        assert (counts.conflicts, counts.updated, _partner(conn)["stage_as_imported"]) == (0, 0, "enable")


def test_a_newer_conflict_on_the_same_field_supersedes_the_open_one(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        _correct_here(conn, tier="platinum")
        _import(conn, tier="silver")
        _import(conn, tier="bronze")
        conflicts = list_conflicts(conn, None)
    assert [(c["base"], c["theirs"], c["status"]) for c in conflicts] == [
        ("gold", "silver", "superseded"), ("silver", "bronze", "open"),
    ]  # fmt: skip


def test_a_field_emptied_by_the_file_is_applied_like_any_other_change(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        counts = _import(conn, domain=None)
        assert (_partner(conn)["domain"], counts.changes.rows()[0][1:]) == (None, ("domain", "cloudy.io", None))


def test_crm_owned_fields_take_the_files_value_even_when_changed_here(engine: Engine) -> None:
    with engine.begin() as conn:
        _import(conn)
        _correct_here(conn, name="Cloudy Inc")
        counts = _import(conn)
        assert (_partner(conn)["name"], counts.updated, counts.conflicts) == ("Cloudy", 1, 0)


def test_a_kind_without_shared_fields_reports_each_field_it_changed(engine: Engine) -> None:
    account = {"source_system": "csv", "external_id": "A1", "name": "Acme", "domain": "acme.com"}
    with engine.begin() as conn:
        upsert(conn, accounts, KEY, pl.DataFrame([account]), "importer", AT)
        counts = upsert(conn, accounts, KEY, pl.DataFrame([account | {"name": "Acme AG"}]), "importer", AT)
    assert (counts.inserted, counts.updated, counts.unchanged, counts.conflicts) == (0, 1, 0, 0)
    assert [row[1:] for row in counts.changes.rows()] == [("name", "Acme", "Acme AG")]
