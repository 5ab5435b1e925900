"""The audit log: who changed which field of which record, when (UTC), from what to what."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection, select

from partnerops.store.tables import audit_log


def record_changes(
    conn: Connection, entity: str, changes: pl.DataFrame, actor: str, at: datetime, reason: str | None = None
) -> int:
    """Write `changes` (entity_id, field, old_value, new_value) in one statement; returns the count."""
    if changes.height == 0:
        return 0
    rows = changes.with_columns(
        pl.lit(entity).alias("entity"),
        pl.lit(actor).alias("actor"),
        pl.lit(reason, pl.String).alias("reason"),
    ).to_dicts()
    conn.execute(audit_log.insert(), [row | {"at": at} for row in rows])
    return len(rows)


def history(conn: Connection, entity: str, entity_id: int) -> list[dict[str, object]]:
    """Every recorded change of one record, oldest first."""
    query = select(audit_log).where(audit_log.c.entity == entity, audit_log.c.entity_id == entity_id)
    return [dict(row._mapping) for row in conn.execute(query.order_by(audit_log.c.id))]
