"""The audit log: who changed which field of which record, when (UTC), from what to what."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection, select

from partnerops.store.bulk import driver_value, insert_frame
from partnerops.store.tables import audit_log


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


def history(conn: Connection, entity: str, entity_id: int) -> list[dict[str, object]]:
    """Every recorded change of one record, oldest first."""
    query = select(audit_log).where(audit_log.c.entity == entity, audit_log.c.entity_id == entity_id)
    return [dict(row._mapping) for row in conn.execute(query.order_by(audit_log.c.id))]
