"""Importing one export file: the entry point other code calls."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from partnerops.ingest.encoding import detect_encoding, utf8_copy
from partnerops.ingest.errors import ImportFailed, InvalidOption, MissingColumns, UnreadableFile
from partnerops.ingest.formats import FORMATS, Format
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, land_chunk
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.reader import check_not_empty, csv_chunks, csv_header, is_json, json_chunks, json_records
from partnerops.store import quarantine_repo

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
    with utf8_copy(path, encoding) as readable:
        header, chunks = _open(readable, path, encoding, options.chunk_rows)
        columns = resolve_columns(path, header, spec, export, options)
        summary = ImportSummary(file=path, kind=kind, encoding=encoding)
        ctx = _context(engine, path, spec, export, options, columns)
        summary.batch_id = ctx.batch_id
        for raw in chunks:
            _land(engine, raw, ctx, summary)
            if progress:
                progress(raw.height)
    _finish(engine, summary)
    return summary


def _kind_and_format(path: Path, kind: str, fmt: str) -> tuple[KindSpec, Format]:
    try:
        spec = kind_spec(kind)
    except ValueError as exc:
        raise InvalidOption(path, "kind", str(exc)) from exc
    if fmt not in FORMATS:
        raise InvalidOption(path, "format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return spec, FORMATS[fmt]


def _open(readable: Path, path: Path, encoding: str, chunk_rows: int) -> tuple[list[str], Iterator[pl.DataFrame]]:
    if is_json(path):
        records = json_records(readable, "utf-8")
        return [c for c in records.columns if c != "__row"], json_chunks(records, chunk_rows)
    return csv_header(readable), csv_chunks(readable, chunk_rows, path)


def _context(engine: Engine, path: Path, spec: KindSpec, export: Format, options: ImportOptions,
             columns: dict[str, str]) -> LandContext:
    at = datetime.now(UTC)
    file = str(path.resolve())
    with engine.begin() as conn:
        batch_id = quarantine_repo.start_batch(conn, file, _sha256(path), spec.name, export.name,
                                               options.to_json(), at)
    return LandContext(spec, export, options, columns, file, batch_id, at)


def _land(engine: Engine, raw: pl.DataFrame, ctx: LandContext, summary: ImportSummary) -> None:
    with engine.begin() as conn:
        result = land_chunk(conn, raw, ctx)
    summary.rows_read += raw.height
    counts = result.counts
    summary.add(counts.inserted, counts.updated, counts.unchanged, result.quarantined, result.problems)


def _finish(engine: Engine, summary: ImportSummary) -> None:
    counts = {name: getattr(summary, name) for name in
              ("rows_read", "inserted", "updated", "unchanged", "quarantined")}
    with engine.begin() as conn:
        quarantine_repo.finish_batch(conn, summary.batch_id or 0, counts)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
