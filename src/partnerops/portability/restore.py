"""`partnerops restore`: an export loaded into an empty database, all or nothing, with every id kept.

The database is first brought to the export's schema revision, the rows are loaded in foreign-key order in one
transaction (each file checked against the manifest's row count and SHA-256), the id sequences are moved on, and
then the schema is upgraded to this version's: an export of an older version is restored through its migrations.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from alembic import command
from alembic.util.exc import CommandError
from sqlalchemy import Column, Connection, Engine, MetaData, Table, insert, inspect, text
from sqlalchemy.exc import DBAPIError

from partnerops.portability.codec import decode
from partnerops.portability.containers import Archive, Folder
from partnerops.portability.errors import RestoreError, TargetNotEmpty
from partnerops.portability.manifest import Manifest, TableEntry, read_manifest
from partnerops.portability.schema import NOT_DATA, sql_type
from partnerops.portability.sequences import advance_sequence
from partnerops.store.database import alembic_config, is_migrated, migrate

__all__ = ["RestoreSummary", "restore_all"]
_BATCH = 1_000


@dataclass(frozen=True)
class RestoreSummary:
    schema_revision: str
    rows: dict[str, int]


def restore_all(engine: Engine, source: Folder | Archive) -> RestoreSummary:
    """Load the export in `source` into the empty database behind `engine`; returns the rows per table."""
    manifest = read_manifest(source)
    if not manifest.complete:
        raise RestoreError(source.shown_as, "holds only some tables (exported with --table): a restore needs "
                           "`partnerops export --all`")  # fmt: skip
    _prepare(engine, manifest.schema_revision)
    with engine.begin() as conn:
        _check_columns(conn, manifest)
        rows = {entry.name: _load(conn, source, entry) for entry in manifest.tables}
        for entry in manifest.tables:
            if len(entry.primary_key) == 1 and entry.next_id is not None:
                advance_sequence(conn, entry.name, entry.primary_key[0], entry.next_id)
    migrate(engine)
    return RestoreSummary(manifest.schema_revision, rows)


def _prepare(engine: Engine, revision: str) -> None:
    """An empty database at the export's revision: created there, or refused if it holds anything."""
    if is_migrated(engine):
        with engine.connect() as conn:
            _check_empty(conn, revision)
        return
    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as exc:
        raise RestoreError("manifest.json", f"the export's schema revision {revision!r} is unknown to this "
                           "version of PartnerOps: restore it with the version that wrote it, or a newer one") from exc


def _check_empty(conn: Connection, revision: str) -> None:
    current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    holding = [t for t in sorted(set(inspect(conn).get_table_names()) - NOT_DATA)
               if conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first() is not None]  # fmt: skip
    if holding:
        raise TargetNotEmpty(f"the database already holds records (in {', '.join(holding)}): restore into a new, "
                             "empty database, so nothing there is mixed with the export or overwritten")  # fmt: skip
    if current != revision:
        raise TargetNotEmpty(f"the database is at schema revision {current} and the export at {revision}: restore "
                             "into a new database that has not been migrated (the restore migrates it)")  # fmt: skip


def _check_columns(conn: Connection, manifest: Manifest) -> None:
    inspector = inspect(conn)
    for entry in manifest.tables:
        if not inspector.has_table(entry.name):
            raise RestoreError(entry.file, f"table {entry.name} does not exist at revision {manifest.schema_revision}")
        present = {c["name"] for c in inspector.get_columns(entry.name)}
        missing = sorted({c.name for c in entry.columns} - present)
        if missing:
            raise RestoreError(entry.file, f"table {entry.name} has no column {', '.join(missing)}")


def _load(conn: Connection, source: Folder | Archive, entry: TableEntry) -> int:
    if not source.has(entry.file):
        raise RestoreError(entry.file, "is listed in manifest.json but missing from the export")
    table = Table(entry.name, MetaData(), *(Column(c.name, sql_type(c.type)) for c in entry.columns))
    digest = hashlib.sha256()
    count = 0
    with source.reader(entry.file) as stream:
        for first_line, batch in _batches(stream, entry, digest):
            _insert(conn, table, entry, first_line, batch)
            count += len(batch)
    if count != entry.rows or digest.hexdigest() != entry.sha256:
        raise RestoreError(entry.file, f"holds {count} rows where manifest.json records {entry.rows}, or its "
                           "content changed since the export (SHA-256 differs): it is not the file exported")
    return count


def _batches(stream: IO[bytes], entry: TableEntry, digest: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    batch: list[dict[str, Any]] = []
    first = 1
    for number, line in enumerate(stream, start=1):
        digest.update(line)
        batch.append(_row(entry, number, line))
        if len(batch) == _BATCH:
            yield first, batch
            batch, first = [], number + 1
    if batch:
        yield first, batch


def _row(entry: TableEntry, number: int, line: bytes) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise RestoreError(entry.file, f"is not a JSON object ({exc})", line=number) from exc
    if not isinstance(record, dict) or set(record) != {c.name for c in entry.columns}:
        raise RestoreError(entry.file, "does not hold exactly the columns manifest.json lists", line=number)
    row = {}
    for column in entry.columns:
        value = record[column.name]
        try:
            row[column.name] = decode(column.type, value)
        except ValueError as exc:
            raise RestoreError(entry.file, f"{exc} ({column.type})", number, column.name, value) from exc
    return row


def _insert(conn: Connection, table: Table, entry: TableEntry, first: int, batch: list[dict[str, Any]]) -> None:
    try:
        conn.execute(insert(table), batch)
    except DBAPIError as exc:
        lines = f"lines {first}-{first + len(batch) - 1}"
        raise RestoreError(entry.file, f"the database refused a row among {lines}: {exc.orig}") from exc
