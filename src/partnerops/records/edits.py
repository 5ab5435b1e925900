"""Changing one stored record through the API: the changed fields are checked by the import's validation of
the whole record, only fields PartnerOps may change are accepted (a CRM's own fields are changed in the CRM),
the update is conditional on the version read, and each changed field is audited. A shared field changed here
is not its `_as_imported` value, so the next re-import's three-way merge keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table, select, update

from partnerops.ingest.checks import ERRORS, WARNINGS
from partnerops.ingest.formats import FORMATS
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, checked_chunk, stored_rows
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.ownership import Owner, owner_of
from partnerops.ingest.problems import problem_lists
from partnerops.records.errors import FieldOwnedBySource, InvalidRecord, Problem, StaleRecord
from partnerops.records.landing import LOCAL_SYSTEM, record_columns, records_frame
from partnerops.records.text_values import as_text, resolved_refs, stored_text
from partnerops.records.versions import version_of
from partnerops.store.audit import record_changes
from partnerops.store.locks import lock_row

__all__ = ["Edit", "current", "edit_record"]


@dataclass(frozen=True)
class Edit:
    kind: str
    record_id: int
    label: str
    changes: dict[str, Any]
    actor: str
    source: str
    # The version the caller read (If-Match), or the one read when the request began.
    expected_version: str


def current(conn: Connection, table: Table, record_id: int) -> dict[str, Any]:
    return dict(conn.execute(select(table).where(table.c.id == record_id)).one()._mapping)


def edit_record(engine: Engine, edit: Edit) -> dict[str, Any]:
    """Apply `edit`; returns the stored record after it. Raises StaleRecord (someone changed it since the version
    read), FieldOwnedBySource or InvalidRecord; nothing is written then."""
    spec = kind_spec(edit.kind)
    with engine.begin() as conn:
        lock_row(conn, spec.table, edit.record_id)
        row = current(conn, spec.table, edit.record_id)
        if version_of(row) != edit.expected_version:
            raise StaleRecord(edit.label)
        _check_owned(spec, row, edit.changes)
        values = _validated(conn, spec, row, edit.changes)
        changed = {column: value for column, value in values.items() if row[column] != value}
        if changed:
            now = datetime.now(UTC)
            conn.execute(update(spec.table).where(spec.table.c.id == edit.record_id)
                         .values(**changed, updated_at=now))  # fmt: skip
            _audit(conn, spec, edit, row, changed, now)
        return current(conn, spec.table, edit.record_id)


def _check_owned(spec: KindSpec, row: dict[str, Any], changes: dict[str, Any]) -> None:
    if "id" in changes:
        raise InvalidRecord([Problem(0, "id", as_text(changes["id"]), "the id names the record and cannot change")])
    if row["source_system"] == LOCAL_SYSTEM:
        return
    for name in changes:
        if owner_of(spec, name) is not Owner.SHARED:
            raise FieldOwnedBySource(name, row["source_system"])


def _validated(conn: Connection, spec: KindSpec, row: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The record's columns after `changes`, as the import would store them; InvalidRecord if it breaks a rule."""
    text = stored_text(conn, spec, row) | {name: as_text(value) for name, value in changes.items()}
    rows = [text]
    refs = resolved_refs(conn, spec, rows, {})
    options = ImportOptions(source_system=row["source_system"], refs=refs)
    columns = record_columns("api", rows, spec, options)
    ctx = LandContext(spec, FORMATS["generic"], options, columns, "api", 0, datetime.now(UTC))
    checked = problem_lists(checked_chunk(conn, records_frame(rows), ctx), spec)
    errors = [*checked[ERRORS][0].to_list(), *checked[WARNINGS][0].to_list()]
    if errors:
        raise InvalidRecord([Problem(0, e["field"], e["value"], e["reason"]) for e in errors])
    stored = stored_rows(checked, ctx).row(0, named=True)
    return {column: stored[column] for column in stored if column in spec.table.c and column != "source_system"}


def _audit(conn: Connection, spec: KindSpec, edit: Edit, row: dict[str, Any], changed: dict[str, Any],
           at: datetime) -> None:
    frame = pl.DataFrame([(edit.record_id, column, as_text(row[column]), as_text(value))
                          for column, value in changed.items()],
                         schema={"entity_id": pl.Int64, "field": pl.String, "old_value": pl.String,
                                 "new_value": pl.String}, orient="row")  # fmt: skip
    record_changes(conn, spec.table.name, frame, edit.actor, at, edit.source)
