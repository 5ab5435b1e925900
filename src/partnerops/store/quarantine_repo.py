"""Import batches and the quarantine of rows that failed validation, kept with their raw values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from partnerops.store.tables import import_batches, quarantine

OPEN, RESOLVED, DISCARDED = "open", "resolved", "discarded"


@dataclass(frozen=True)
class QuarantineFilter:
    file: str | None = None
    kind: str | None = None
    status: str | None = OPEN
    limit: int = 100


def start_batch(
    conn: Connection, path: str, sha256: str, kind: str, fmt: str, options: dict[str, Any], at: datetime
) -> int:
    values = {"path": path, "sha256": sha256, "kind": kind, "format": fmt, "options": options, "started_at": at}
    return int(conn.execute(import_batches.insert().values(values).returning(import_batches.c.id)).scalar_one())


def finish_batch(conn: Connection, batch_id: int, counts: dict[str, int]) -> None:
    conn.execute(update(import_batches).where(import_batches.c.id == batch_id).values(counts))


def batch(conn: Connection, batch_id: int) -> dict[str, Any]:
    row = conn.execute(select(import_batches).where(import_batches.c.id == batch_id)).one()
    return dict(row._mapping)


def open_entry_keys(conn: Connection, file: str, kind: str, first_row: int, last_row: int) -> set[tuple[int, str, str]]:
    """(row_number, field, reason) of open entries already kept for these rows of this file."""
    query = select(quarantine.c.row_number, quarantine.c.field, quarantine.c.reason).where(
        quarantine.c.file == file,
        quarantine.c.kind == kind,
        quarantine.c.status == OPEN,
        quarantine.c.row_number.between(first_row, last_row),
    )
    return {(r[0], r[1], r[2]) for r in conn.execute(query)}


def add_entries(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Entries hold batch_id, file, row_number, kind, field, value, reason and raw (a dict)."""
    if entries:
        conn.execute(quarantine.insert(), [e | {"status": OPEN} for e in entries])


def entries(conn: Connection, where: QuarantineFilter) -> list[dict[str, Any]]:
    query = select(quarantine).order_by(quarantine.c.file, quarantine.c.row_number).limit(where.limit)
    if where.file:
        query = query.where(quarantine.c.file.endswith(where.file, autoescape=True))
    if where.kind:
        query = query.where(quarantine.c.kind == where.kind)
    if where.status:
        query = query.where(quarantine.c.status == where.status)
    return [dict(row._mapping) for row in conn.execute(query)]


def entry(conn: Connection, entry_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(quarantine).where(quarantine.c.id == entry_id)).one_or_none()
    return None if row is None else dict(row._mapping)


def update_entry(conn: Connection, entry_id: int, **values: Any) -> None:
    conn.execute(update(quarantine).where(quarantine.c.id == entry_id).values(values))
