"""What a dry run would have done, read inside its transaction just before the rollback: updates field by field
(a sample and a count per field), quarantined rows with their reasons, deleted records and the date guard."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func, select

from partnerops.ingest.changes import ChangeLog, FieldChange
from partnerops.ingest.date_guard import DateChanges
from partnerops.store.tables import quarantine

# The field a deletion sets (see ingest/deletions.py): its changes are deletions, not updates.
DELETED_FIELD = "deleted_at"
# Rows kept out of the import, as opposed to warnings about rows that landed with an optional field empty.
ERROR = "error"


@dataclass(frozen=True)
class QuarantinedRow:
    row: int
    field: str
    reason: str
    value: str | None


@dataclass(frozen=True)
class ReasonCount:
    field: str
    reason: str
    rows: int


@dataclass(frozen=True)
class Preview:
    updates_by_field: dict[str, int]
    updates: list[FieldChange]
    quarantined_by_reason: list[ReasonCount]
    quarantined: list[QuarantinedRow]
    deleted: list[str]
    dates: DateChanges


def build_preview(conn: Connection, log: ChangeLog, batch_id: int, dates: DateChanges, sample: int) -> Preview:
    by_field = log.counts_by_field(conn)
    by_field.pop(DELETED_FIELD, None)
    updates = log.sample(conn, sample, list(by_field))
    deleted = [change.record for change in log.sample(conn, sample, [DELETED_FIELD]) if change.new is not None]
    return Preview(by_field, updates, _reasons(conn, batch_id, sample), _quarantined(conn, batch_id, sample),
                   deleted, dates)


def _errors_of(batch_id: int) -> list[ColumnElement[bool]]:
    return [quarantine.c.batch_id == batch_id, quarantine.c.severity == ERROR]


def _reasons(conn: Connection, batch_id: int, limit: int) -> list[ReasonCount]:
    rows = func.count().label("rows")
    query = (select(quarantine.c.field, quarantine.c.reason, rows).where(*_errors_of(batch_id))
             .group_by(quarantine.c.field, quarantine.c.reason).order_by(rows.desc(), quarantine.c.field)
             .limit(limit))
    return [ReasonCount(field, reason, int(count)) for field, reason, count in conn.execute(query)]


def _quarantined(conn: Connection, batch_id: int, limit: int) -> list[QuarantinedRow]:
    query = (select(quarantine.c.row_number, quarantine.c.field, quarantine.c.reason, quarantine.c.value)
             .where(*_errors_of(batch_id)).order_by(quarantine.c.row_number).limit(limit))
    return [QuarantinedRow(row, field, reason, value) for row, field, reason, value in conn.execute(query)]
