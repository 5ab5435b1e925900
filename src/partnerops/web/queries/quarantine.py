"""The quarantine and the import batches as lists: rows that did not land (or landed with a field left empty),
and every import run with its counts."""

from __future__ import annotations

from sqlalchemy import Select, select

from partnerops.store.quarantine_repo import DISCARDED, ERROR, OPEN, RESOLVED, WARNING
from partnerops.store.tables import import_batches, quarantine
from partnerops.web.listing import Column, Filter, ListSpec

QUARANTINE_LIST = ListSpec(
    noun="quarantined rows",
    columns=(Column("file", "File"), Column("row_number", "Row"), Column("kind", "Kind"), Column("field", "Field"),
             Column("value", "Value"), Column("reason", "Reason"), Column("severity", "Severity"),
             Column("status", "Status"), Column("created_at", "Kept")),
    default_sort="file",
    search=("file", "field", "value", "reason", "record_key"),
    filters=(Filter("status", "Status", (OPEN, RESOLVED, DISCARDED), default=OPEN), Filter("kind", "Kind"),
             Filter("severity", "Severity", (ERROR, WARNING)), Filter("file", "File")),
    exported=(Column("id", "Entry"), Column("file", "File"), Column("row_number", "Row"), Column("kind", "Kind"),
              Column("source_system", "Source"), Column("record_key", "Record"), Column("field", "Field"),
              Column("value", "Value"), Column("reason", "Reason"), Column("severity", "Severity"),
              Column("status", "Status"), Column("created_at", "Kept")),
)
IMPORT_LIST = ListSpec(
    noun="imports",
    columns=(Column("started_at", "Started"), Column("path", "File"), Column("kind", "Kind"),
             Column("status", "Status"), Column("rows_read", "Rows read"), Column("inserted", "Inserted"),
             Column("updated", "Updated"), Column("unchanged", "Unchanged"), Column("deleted", "Deleted"),
             Column("quarantined", "Quarantined"), Column("warnings", "Warnings"), Column("actor", "By")),
    default_sort="-started_at",
    search=("path", "actor", "error"),
    filters=(Filter("kind", "Kind"), Filter("status", "Status")),
    exported=(Column("id", "Import"), Column("started_at", "Started"), Column("finished_at", "Finished"),
              Column("path", "File"), Column("kind", "Kind"), Column("format", "Format"), Column("status", "Status"),
              Column("rows_read", "Rows read"), Column("inserted", "Inserted"), Column("updated", "Updated"),
              Column("unchanged", "Unchanged"), Column("deleted", "Deleted"), Column("quarantined", "Quarantined"),
              Column("warnings", "Warnings"), Column("actor", "By"), Column("error", "Error")),
)


def quarantine_list() -> Select[tuple[object, ...]]:
    """Every quarantine entry, for `QUARANTINE_LIST` (internal users: raw rows may name any partner)."""
    q = quarantine.c
    return select(q.id, q.batch_id, q.file, q.row_number, q.kind, q.field, q.value, q.reason, q.severity, q.status,
                  q.created_at, q.source_system, q.record_key)  # fmt: skip


def import_list() -> Select[tuple[object, ...]]:
    """Every import batch, for `IMPORT_LIST`."""
    b = import_batches.c
    return select(b.id, b.started_at, b.finished_at, b.path, b.kind, b.format, b.status, b.rows_read, b.inserted,
                  b.updated, b.unchanged, b.deleted, b.quarantined, b.warnings, b.actor, b.error)  # fmt: skip
