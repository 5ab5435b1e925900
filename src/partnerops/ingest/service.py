"""Importing one export file: the entry point other code calls. The whole file lands in one transaction, so a
failure or an interruption leaves nothing half-done and running the same import again completes it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Engine

from partnerops.ingest.bulk_indexes import indexes_built_after
from partnerops.ingest.changes import ChangeLog
from partnerops.ingest.date_guard import DateChangesRefused, date_changes
from partnerops.ingest.date_order import DateOrder
from partnerops.ingest.encoding import detect_encoding, utf8_copy
from partnerops.ingest.errors import ImportFailed, InvalidOption, MissingColumns, UnreadableFile
from partnerops.ingest.fingerprints import Fingerprints
from partnerops.ingest.formats import FORMATS, Format
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, land_chunk, none_stored
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions, ImportSummary, RunMode
from partnerops.ingest.preview import build_preview
from partnerops.ingest.reader import Export, check_not_empty, open_export
from partnerops.ingest.runs import DRY_RUN, ImportInterrupted, RunStart, end_run, finish_run, recorded, start_run
from partnerops.store.bulk import bulk_session
from partnerops.store.statistics import analyze
from partnerops.store.tables import audit_log, quarantine

__all__ = ["DateChangesRefused", "ImportFailed", "ImportInterrupted", "ImportOptions", "ImportSummary",
           "InvalidOption", "MissingColumns", "RunMode", "UnreadableFile", "import_file"]

Progress = Callable[[int], None]


def import_file(engine: Engine, path: Path, kind: str, fmt: str = "generic", options: ImportOptions | None = None,
                progress: Progress | None = None, mode: RunMode | None = None) -> ImportSummary:
    """Validate and upsert every row of `path`; bad rows go to the quarantine. `progress`, when given, is
    called with the number of rows of each chunk as it lands. A file-level problem found before the first row
    raises ImportFailed with nothing written; later, the run is recorded as failed, interrupted
    (ImportInterrupted) or refused (DateChangesRefused) and nothing of the file stays."""
    options, mode = options or ImportOptions(), mode or RunMode()
    spec, export = _kind_and_format(path, kind, fmt)
    check_not_empty(path)
    encoding = options.encoding or detect_encoding(path)
    with utf8_copy(path, encoding) as readable:
        opened = open_export(readable, path, encoding, options.chunk_rows)
        columns = resolve_columns(path, opened.header, spec, export, options)
        at = datetime.now(UTC)
        batch_id = start_run(engine, RunStart(path, spec.name, export.name, options, at))
        summary = ImportSummary(file=path, kind=kind, encoding=encoding, format=export.name,
                                delimiter=getattr(opened, "delimiter", None), batch_id=batch_id)
        ctx = LandContext(spec, export, options, columns, str(path.resolve()), batch_id, at,
                          date_order=DateOrder.for_import(path, spec, options.date_format))
        with recorded(engine, batch_id, path):
            _run(engine, _Run(opened, ctx, summary, mode, progress))
    if mode.dry_run:
        end_run(engine, batch_id, DRY_RUN, summary=summary)
        summary.status = DRY_RUN
    return summary


@dataclass(frozen=True)
class _Run:
    """What one run carries from chunk to chunk."""

    opened: Export
    ctx: LandContext
    summary: ImportSummary
    mode: RunMode
    progress: Progress | None


def _run(engine: Engine, run: _Run) -> None:
    """Every chunk in one transaction; then the date guard, and commit (with the run's outcome and, when data
    changed, fresh planner statistics) or, for a dry run, the preview and a rollback."""
    ctx, summary = run.ctx, run.summary
    with engine.connect() as conn, bulk_session(conn), conn.begin() as transaction:
        log = ChangeLog.mark(conn, ctx.spec, ctx.options.actor)
        ctx.fingerprints = Fingerprints.for_import(conn, ctx)
        ctx.none_stored = none_stored(conn, ctx)
        # The chunks are closed here, not whenever they are collected: an interrupted import stops the reader's
        # threads before the process exits.
        with indexes_built_after(conn, ctx.spec), closing(run.opened.chunks(ctx.columns.values())) as chunks:
            for raw in chunks:
                _land(conn, raw, ctx, summary)
                if run.progress:
                    run.progress(raw.height)
        offer = ctx.date_order.conclude() if ctx.date_order is not None else None
        if offer:
            summary.notes.append(offer)
        dates = date_changes(conn, log, summary, run.mode.sample)
        if run.mode.dry_run:
            summary.preview = build_preview(conn, log, ctx.batch_id, dates, run.mode.sample)
            transaction.rollback()
            return
        if dates.too_many and not run.mode.accept_date_changes:
            raise DateChangesRefused(summary.file, dates)
        written = [ctx.spec.table, audit_log] if summary.inserted + summary.updated + summary.deleted else []
        kept = [quarantine] if summary.quarantined + summary.warnings else []
        if written or kept:
            analyze(conn, written + kept)
        finish_run(conn, ctx.batch_id, summary)


def _kind_and_format(path: Path, kind: str, fmt: str) -> tuple[KindSpec, Format]:
    try:
        spec = kind_spec(kind)
    except ValueError as exc:
        raise InvalidOption(path, "kind", str(exc)) from exc
    if fmt not in FORMATS:
        raise InvalidOption(path, "format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return spec, FORMATS[fmt]


def _land(conn: Connection, raw: pl.DataFrame, ctx: LandContext, summary: ImportSummary) -> None:
    result = land_chunk(conn, raw, ctx)
    summary.rows_read += raw.height
    counts = result.counts
    summary.add(counts.inserted, counts.updated, counts.unchanged, result.quarantined, result.problems)
    summary.deleted += result.deleted
    summary.warnings += result.warnings
