"""Resolving an import conflict: keep PartnerOps's value, or apply the file's (audited); a conflict is resolved
once, and the second resolver is told so."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from sqlalchemy import Connection, Engine, select, update

from partnerops.store.audit import history
from partnerops.store.conflicts_repo import ConflictClosed, UnknownConflict, list_conflicts, resolve_conflict
from partnerops.store.tables import partners
from partnerops.store.upsert import upsert

AT = datetime(2026, 5, 2, tzinfo=UTC)
SCHEMA = {"source_system": pl.String, "external_id": pl.String, "name": pl.String, "type": pl.String,
          "tier": pl.String}  # fmt: skip


def _import_tier(conn: Connection, tier: str) -> None:
    rows = pl.DataFrame([{"source_system": "csv", "external_id": "P1", "name": "Cloudy", "type": "si", "tier": tier}],
                        schema=SCHEMA)  # fmt: skip
    upsert(conn, partners, ("source_system", "external_id"), rows, "importer", AT)


def _conflict_on_tier(conn: Connection) -> int:
    """Imported gold, corrected to platinum here, then a file says silver."""
    _import_tier(conn, "gold")
    conn.execute(update(partners).values(tier="platinum"))
    _import_tier(conn, "silver")
    (conflict,) = list_conflicts(conn)
    return int(conflict["id"])


def _tier(conn: Connection) -> str:
    return str(conn.execute(select(partners.c.tier)).scalar_one())


def test_keeping_theirs_applies_the_files_value_and_audits_it_with_the_reason(engine: Engine) -> None:
    with engine.begin() as conn:
        conflict_id = _conflict_on_tier(conn)
        resolve_conflict(conn, conflict_id, "theirs", "ops@example.com", AT, "the CRM is right")
        (entry,) = history(conn, "partners", 1)
        (closed,) = list_conflicts(conn, "resolved")
        assert _tier(conn) == "silver"
    assert (entry["field"], entry["old_value"], entry["new_value"], entry["actor"], entry["reason"]) == (
        "tier", "platinum", "silver", "ops@example.com", "the CRM is right",
    )  # fmt: skip
    assert (closed["kept"], closed["resolved_by"]) == ("theirs", "ops@example.com")


def test_keeping_ours_leaves_the_record_as_it_is(engine: Engine) -> None:
    with engine.begin() as conn:
        resolve_conflict(conn, _conflict_on_tier(conn), "ours", "ops@example.com", AT)
        assert (_tier(conn), history(conn, "partners", 1), list_conflicts(conn)) == ("platinum", [], [])


def test_a_conflict_is_resolved_once(engine: Engine) -> None:
    with engine.begin() as conn:
        conflict_id = _conflict_on_tier(conn)
        resolve_conflict(conn, conflict_id, "ours", "ops@example.com", AT)
        with pytest.raises(ConflictClosed, match=f"import conflict {conflict_id} is resolved"):
            resolve_conflict(conn, conflict_id, "theirs", "other@example.com", AT)
        assert _tier(conn) == "platinum"


def test_an_unknown_conflict_is_named(engine: Engine) -> None:
    with engine.begin() as conn, pytest.raises(UnknownConflict, match="no import conflict 42"):
        resolve_conflict(conn, 42, "ours", "ops@example.com", AT)
