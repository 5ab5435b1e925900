"""`partnerops export --all`: every table written as one JSON Lines file, in foreign-key order, from one
consistent snapshot, with a manifest that describes and checksums each file (the format is EXPORT-FORMAT.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, Text, cast, select

from partnerops.portability.codec import encode
from partnerops.portability.containers import Archive, Folder
from partnerops.portability.errors import ExportError
from partnerops.portability.manifest import MANIFEST, ColumnEntry, Manifest, TableEntry
from partnerops.portability.schema import all_tables, portable_type, stored_columns
from partnerops.portability.sequences import next_id, sequence_column
from partnerops.portability.snapshot import schema_revision, snapshot

__all__ = ["CREDENTIAL_COLUMNS", "CREDENTIAL_TABLES", "FORMAT_NOTES", "export_all"]

# What opens an account: left out with `--without-credentials` (users then set a password again by a reset).
CREDENTIAL_TABLES = frozenset({"api_tokens", "web_sessions", "password_links"})
CREDENTIAL_COLUMNS = frozenset({("users", "password_hash")})
FORMAT_NOTES = "README.md"
_BATCH = 2_000


def export_all(engine: Engine, target: Folder | Archive, credentials: bool = True,
               only: Sequence[str] = ()) -> Manifest:  # fmt: skip
    """Write every table (or the tables named in `only`) into `target`; returns the manifest written."""
    tables = all_tables()
    chosen = _chosen(tables, only, credentials)
    with snapshot(engine) as conn:
        stored = stored_columns(conn, tables)
        manifest = Manifest(
            schema_revision=schema_revision(conn), exported_at=datetime.now(UTC).isoformat(),
            source_dialect=engine.dialect.name, credentials=credentials, complete=not only,
        )  # fmt: skip
        kept = [t for t in chosen if t.name in stored]
        manifest.tables = [_write_table(conn, t, stored[t.name], target, credentials) for t in kept]
    with target.writer(FORMAT_NOTES) as stream:
        stream.write(files("partnerops.portability").joinpath("EXPORT-FORMAT.md").read_bytes())
    with target.writer(MANIFEST) as stream:
        stream.write(manifest.to_json())
    return manifest


def _chosen(tables: list[Table], only: Sequence[str], credentials: bool) -> list[Table]:
    unknown = sorted(set(only) - {t.name for t in tables})
    if unknown:
        names = ", ".join(t.name for t in tables)
        raise ExportError(f"no table named {', '.join(unknown)}; the tables are: {names}")
    wanted = [t for t in tables if not only or t.name in only]
    return [t for t in wanted if credentials or t.name not in CREDENTIAL_TABLES]


def _write_table(conn: Connection, table: Table, stored: list[Column[Any]], target: Folder | Archive,
                 credentials: bool) -> TableEntry:  # fmt: skip
    columns = [ColumnEntry(c.name, portable_type(c), c.nullable is not False) for c in stored]
    sequence = sequence_column(table)
    entry = TableEntry(name=table.name, file=f"{table.name}.jsonl", columns=columns,
                       primary_key=[c.name for c in table.primary_key.columns],
                       next_id=next_id(conn, table, sequence) if sequence else None)  # fmt: skip
    blanked = {name for t, name in CREDENTIAL_COLUMNS if t == table.name and not credentials}
    digest = hashlib.sha256()
    with target.writer(entry.file) as stream:
        for row in conn.execute(_rows(table, stored), execution_options={"yield_per": _BATCH}):
            line = _line(columns, row, blanked)
            digest.update(line)
            stream.write(line)
            entry.rows += 1
    entry.sha256 = digest.hexdigest()
    return entry


def _rows(table: Table, stored: list[Column[Any]]) -> Any:
    # A JSON column is read as its stored text: SQL NULL and the JSON value null must not collapse into one.
    selected = [cast(c, Text).label(c.name) if portable_type(c) == "json" else c for c in stored]
    return select(*selected).order_by(*table.primary_key.columns)


def _line(columns: list[ColumnEntry], row: Any, blanked: set[str]) -> bytes:
    values = zip(columns, row, strict=True)
    record = {c.name: None if c.name in blanked else encode(c.type, value) for c, value in values}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
