"""The audit log: who changed which field of which record, when (UTC), from what to what."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select

from partnerops.store.bulk import driver_value, insert_frame
from partnerops.store.tables import audit_log

if TYPE_CHECKING:
    import polars as pl


def record_changes(
    conn: Connection, entity: str, changes: pl.DataFrame, actor: str, at: datetime, reason: str | None = None
) -> int:
    """Write `changes` (entity_id, field, old_value, new_value) in one statement; returns the count."""
    if changes.height == 0:
        return 0
    # `at` goes as SQLAlchemy's DateTime would write it (text on SQLite), so reading it back is unchanged. A table's
    # name is a str subclass, which sqlite3 binds only after looking for an adapter, row by row: plain str it is.
    constants = {"entity": str(entity), "actor": actor, "reason": reason, "at": driver_value(conn, audit_log.c.at, at)}
    insert_frame(conn, audit_log, changes.select("entity_id", "field", "old_value", "new_value"), constants)
    return changes.height


def record_field_changes(conn: Connection, entity: str, entity_id: int,
                         changes: Mapping[str, tuple[object, object]], actor: str, at: datetime,
                         reason: str | None = None) -> int:
    """One row per changed field of one record, CHANGES being field: (old, new), written as text; returns the
    count. For the few fields a decision changes: no data frame, so a command that changes one record stays quick
    to start."""
    rows = [{"at": at, "actor": actor, "entity": str(entity), "entity_id": entity_id, "field": field,
             "old_value": _text(old), "new_value": _text(new), "reason": reason}
            for field, (old, new) in changes.items()]  # fmt: skip
    if rows:
        conn.execute(insert(audit_log), rows)
    return len(rows)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def history(conn: Connection, entity: str, entity_id: int) -> list[dict[str, object]]:
    """Every recorded change of one record, oldest first."""
    query = select(audit_log).where(audit_log.c.entity == entity, audit_log.c.entity_id == entity_id)
    return [dict(row._mapping) for row in conn.execute(query.order_by(audit_log.c.id))]
