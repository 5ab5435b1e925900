"""Importing one export file: the entry point other code calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Engine

from partnerops.ingest.encoding import detect_encoding, utf8_copy
from partnerops.ingest.errors import ImportFailed, InvalidOption, MissingColumns, UnreadableFile
from partnerops.ingest.formats import FORMATS, Format
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, land_chunk
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.reader import check_not_empty, file_sha256, open_export
from partnerops.store import quarantine_repo
from partnerops.store.bulk import bulk_session

__all__ = ["ImportFailed", "ImportOptions", "ImportSummary", "InvalidOption", "MissingColumns",
           "UnreadableFile", "import_file"]

Progress = Callable[[int], None]


def import_file(engine: Engine, path: Path, kind: str, fmt: str = "generic",
                options: ImportOptions | None = None, progress: Progress | None = None) -> ImportSummary:
    """Validate and upsert every row of `path`; bad rows go to the quarantine. `progress`, when given,
    is called with the number of rows of each chunk as it lands."""
    options = options or ImportOptions()
    spec, export = _kind_and_format(path, kind, fmt)
    check_not_empty(path)
    encoding = options.encoding or detect_encoding(path)
    with utf8_copy(path, encoding) as readable, engine.connect() as conn, bulk_session(conn):
        opened = open_export(readable, path, encoding, options.chunk_rows)
        columns = resolve_columns(path, opened.header, spec, export, options)
        summary = ImportSummary(file=path, kind=kind, encoding=encoding)
        ctx = _context(conn, path, spec, export, options, columns)
        summary.batch_id = ctx.batch_id
        for raw in opened.chunks(columns.values()):
            _land(conn, raw, ctx, summary)
            if progress:
                progress(raw.height)
        _finish(conn, summary)
    return summary


def _kind_and_format(path: Path, kind: str, fmt: str) -> tuple[KindSpec, Format]:
    try:
        spec = kind_spec(kind)
    except ValueError as exc:
        raise InvalidOption(path, "kind", str(exc)) from exc
    if fmt not in FORMATS:
        raise InvalidOption(path, "format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return spec, FORMATS[fmt]


def _context(conn: Connection, path: Path, spec: KindSpec, export: Format, options: ImportOptions,
             columns: dict[str, str]) -> LandContext:
    at = datetime.now(UTC)
    file = str(path.resolve())
    with conn.begin():
        batch_id = quarantine_repo.start_batch(conn, file, file_sha256(path), spec.name, export.name,
                                               options.to_json(), at)
    return LandContext(spec, export, options, columns, file, batch_id, at)


def _land(conn: Connection, raw: pl.DataFrame, ctx: LandContext, summary: ImportSummary) -> None:
    """One chunk, one transaction: a failure keeps the chunks before it and loses none of this one."""
    with conn.begin():
        result = land_chunk(conn, raw, ctx)
    summary.rows_read += raw.height
    counts = result.counts
    summary.add(counts.inserted, counts.updated, counts.unchanged, result.quarantined, result.problems)
    summary.deleted += result.deleted
    summary.warnings += result.warnings


def _finish(conn: Connection, summary: ImportSummary) -> None:
    counts = {name: getattr(summary, name) for name in
              ("rows_read", "inserted", "updated", "unchanged", "quarantined")}
    with conn.begin():
        quarantine_repo.finish_batch(conn, summary.batch_id or 0, counts)
