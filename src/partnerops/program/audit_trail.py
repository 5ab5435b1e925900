"""Recording a program decision in the audit log: which record, which field, from what to what, by whom, why."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection

from partnerops.store.audit import record_changes


def audit_change(
    conn: Connection, entity: str, record_id: int, change: tuple[str, str | None, str | None], actor: str,
    at: datetime, reason: str | None = None,
) -> None:  # fmt: skip
    """One changed field (name, old, new) of one record."""
    field, old, new = change
    row = pl.DataFrame(
        {"entity_id": [record_id], "field": [field], "old_value": [old], "new_value": [new]},
        schema={"entity_id": pl.Int64, "field": pl.String, "old_value": pl.String, "new_value": pl.String},
    )
    record_changes(conn, entity, row, actor, at, reason)
