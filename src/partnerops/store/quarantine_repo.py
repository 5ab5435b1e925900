"""Import batches and the quarantine: one entry per source record that failed validation (an error) or landed
with an optional field left empty (a warning), kept with its raw values and every problem found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Connection, Select, bindparam, func, select, update

from partnerops.store.bulk import column_in
from partnerops.store.tables import import_batches, quarantine

OPEN, RESOLVED, DISCARDED = "open", "resolved", "discarded"
ERROR, WARNING = "error", "warning"
# Fixes made with `quarantine retry --set`, kept in the entry's raw values apart from the file's own.
FIXES = "(set)"


@dataclass(frozen=True)
class QuarantineFilter:
    """Which entries: every condition given must hold. `reason` is a case-insensitive substring; `file` matches
    the end of the path (a name or a path); no `status` means any."""

    file: str | None = None
    kind: str | None = None
    status: str | None = OPEN
    limit: int | None = 100
    field: str | None = None
    reason: str | None = None
    severity: str | None = None
    ids: tuple[int, ...] = ()


def file_values(raw: dict[str, Any]) -> dict[str, Any]:
    """An entry's raw values as the file gave them, without the fixes made here."""
    return {key: value for key, value in raw.items() if key != FIXES}


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
    """Entries hold batch_id, file, row_number, kind, field, value, reason and raw (a dict), and for an import's
    rows source_system, record_key, severity, errors and updated_at."""
    if entries:
        conn.execute(quarantine.insert(), [{"status": OPEN} | e for e in entries])


def entries_by_key(conn: Connection, kind: str, source_system: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The entry of each record key (the latest, should an old database hold several): id, status,
    closed_batch_id and raw."""
    query = select(quarantine.c.id, quarantine.c.record_key, quarantine.c.status, quarantine.c.closed_batch_id,
                   quarantine.c.raw).where(quarantine.c.kind == kind, quarantine.c.source_system == source_system,
                                           column_in(conn, quarantine.c.record_key, list(keys)))
    found = conn.execute(query.order_by(quarantine.c.id)).all() if keys else []
    return {row.record_key: dict(row._mapping) for row in found}


def open_keys(conn: Connection, kind: str, source_system: str) -> pl.DataFrame:
    """[record_key, id] of the open entries of a kind and source system."""
    query = select(quarantine.c.record_key, quarantine.c.id).where(
        quarantine.c.kind == kind, quarantine.c.source_system == source_system, quarantine.c.status == OPEN,
        quarantine.c.record_key.is_not(None))
    return pl.DataFrame(conn.execute(query).all(), schema={"record_key": pl.String, "id": pl.Int64}, orient="row")


def update_entries(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Each dict holds `id` and the values to set; all dicts hold the same keys (one executemany)."""
    if not entries:
        return
    names = [name for name in entries[0] if name != "id"]
    statement = update(quarantine).where(quarantine.c.id == bindparam("_id")).values(
        {name: bindparam(f"_{name}") for name in names})
    conn.execute(statement, [{f"_{k}": v for k, v in e.items()} for e in entries])


def close_entries(conn: Connection, ids: list[int], batch_id: int, at: datetime) -> None:
    """Resolve open entries because import `batch_id` landed their records."""
    update_entries(conn, [{"id": i, "status": RESOLVED, "closed_batch_id": batch_id, "updated_at": at} for i in ids])


def _filtered(query: Select[Any], where: QuarantineFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [
        column == value for column, value in ((quarantine.c.kind, where.kind), (quarantine.c.status, where.status),
                                              (quarantine.c.field, where.field),
                                              (quarantine.c.severity, where.severity)) if value
    ]
    if where.file:
        conditions.append(quarantine.c.file.endswith(where.file, autoescape=True))
    if where.reason:
        conditions.append(func.lower(quarantine.c.reason).contains(where.reason.lower(), autoescape=True))
    if where.ids:
        conditions.append(quarantine.c.id.in_(where.ids))
    return query.where(*conditions)


def entries(conn: Connection, where: QuarantineFilter) -> list[dict[str, Any]]:
    query = _filtered(select(quarantine), where).order_by(quarantine.c.file, quarantine.c.row_number,
                                                          quarantine.c.id)
    return [dict(row._mapping) for row in conn.execute(query.limit(where.limit))]


def reason_counts(conn: Connection, where: QuarantineFilter) -> list[tuple[str, str, str, str, int]]:
    """(kind, severity, field, reason, count) of the entries `where` selects, whatever its limit."""
    columns = (quarantine.c.kind, quarantine.c.severity, quarantine.c.field, quarantine.c.reason)
    query = _filtered(select(*columns, func.count()), where).group_by(*columns)
    return [(r[0], r[1], r[2], r[3], int(r[4])) for r in conn.execute(query)]


def entry(conn: Connection, entry_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(quarantine).where(quarantine.c.id == entry_id)).one_or_none()
    return None if row is None else dict(row._mapping)


def update_entry(conn: Connection, entry_id: int, **values: Any) -> None:
    conn.execute(update(quarantine).where(quarantine.c.id == entry_id).values(values))
