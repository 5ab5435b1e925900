"""Recording a program decision in the audit log: which record, which field, from what to what, by whom, why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from partnerops.store.audit import record_field_changes


def audit_change(
    conn: Connection, entity: str, record_id: int, change: tuple[str, str | None, str | None], actor: str,
    at: datetime, reason: str | None = None,
) -> None:  # fmt: skip
    """One changed field (name, old, new) of one record."""
    field, old, new = change
    record_field_changes(conn, entity, record_id, {field: (old, new)}, actor, at, reason)
