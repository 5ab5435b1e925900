"""Records sent to the API land as the rows of an import of their kind: the same validation, references,
de-duplication, field ownership (three-way merge), quarantine and audit, recorded as an import batch whose
source names the API call. One record that fails is refused whole; in a batch the good land, the bad wait in
the quarantine."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, insert

from partnerops.ingest.checks import ERRORS, WARNINGS
from partnerops.ingest.errors import MissingColumns
from partnerops.ingest.formats import FORMATS
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, checked_chunk, land_chunk
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.problems import problem_lists
from partnerops.ingest.reader import ROW
from partnerops.ingest.runs import RUNNING, finish_run
from partnerops.records.errors import InvalidRecord, Problem, TooManyRecords
from partnerops.records.text_values import as_text, resolved_refs
from partnerops.store.audit import record_changes
from partnerops.store.tables import import_batches
from partnerops.store.upsert import lookup_ids

__all__ = ["LOCAL_SYSTEM", "MAX_RECORDS", "Landed", "RecordOutcome", "land_records", "record_columns",
           "records_frame"]

# The source system of records created in PartnerOps (through the API or the pages) unless a request names another.
LOCAL_SYSTEM = "partnerops"
MAX_RECORDS = 1_000


@dataclass(frozen=True)
class RecordOutcome:
    index: int
    external_id: str | None
    status: str  # stored or quarantined
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Landed:
    batch_id: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    outcomes: list[RecordOutcome]


@dataclass(frozen=True)
class _Request:
    spec: KindSpec
    rows: list[dict[str, str | None]]
    options: ImportOptions
    source: str


def land_records(engine: Engine, kind: str, records: list[dict[str, Any]], actor: str, source: str, *,
                 whole: bool, source_system: str = LOCAL_SYSTEM) -> Landed:
    """Land `records` (field -> value, as an import of `kind` names its columns). `whole`: refuse them all
    (InvalidRecord) if any fails, else quarantine the failing ones under `source` (e.g. "POST /api/v1/...")."""
    if len(records) > MAX_RECORDS:
        raise TooManyRecords(len(records), MAX_RECORDS)
    spec = kind_spec(kind)
    rows = [{name: as_text(value) for name, value in record.items()} for record in records]
    with engine.begin() as conn:
        refs = resolved_refs(conn, spec, rows, {})
        request = _Request(spec, rows, ImportOptions(source_system=source_system, refs=refs, actor=actor), source)
        problems = _problems(conn, request, strict=whole)
        if whole and problems:
            raise InvalidRecord([p for found in problems.values() for p in found])
        return _land(conn, request, problems)


def records_frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    """The records as a chunk of an import file: one text column per field named, and the row number."""
    headers = list(dict.fromkeys(name for row in rows for name in row))
    data = [{ROW: index + 1, **{h: row.get(h) for h in headers}} for index, row in enumerate(rows)]
    return pl.DataFrame(data, schema={ROW: pl.UInt32, **dict.fromkeys(headers, pl.String)})


def record_columns(source: str, rows: list[dict[str, str | None]], spec: KindSpec,
                   options: ImportOptions) -> dict[str, str]:
    """field -> column of the records' frame; InvalidRecord naming each required field no record gives."""
    headers = list(dict.fromkeys(name for row in rows for name in row))
    try:
        return resolve_columns(Path(source), headers, spec, FORMATS["generic"], options)
    except MissingColumns as exc:
        reason = "required" if len(rows) == 1 else "required, and none of the records gives it"
        raise InvalidRecord([Problem(0, name, None, reason) for name in exc.missing]) from exc


def _context(request: _Request, batch_id: int, at: datetime) -> LandContext:
    columns = record_columns(request.source, request.rows, request.spec, request.options)
    return LandContext(request.spec, FORMATS["generic"], request.options, columns, request.source, batch_id, at)


def _problems(conn: Connection, request: _Request, strict: bool) -> dict[int, list[Problem]]:
    """The errors of each failing record (0-based index), as the import's checks find them; `strict`: its
    warnings too (a value the import would read as unknown is refused when the caller can still fix it)."""
    checked = problem_lists(checked_chunk(conn, records_frame(request.rows), _context(request, 0, datetime.now(UTC))),
                            request.spec)
    found: dict[int, list[Problem]] = {}
    for row, errors, warnings in checked.select(ROW, ERRORS, WARNINGS).rows():
        listed = [*errors, *(warnings if strict else [])]
        if listed:
            found[row - 1] = [Problem(row - 1, e["field"], e["value"], e["reason"]) for e in listed]
    return found


def _land(conn: Connection, request: _Request, problems: dict[int, list[Problem]]) -> Landed:
    at = datetime.now(UTC)
    batch_id = _start_batch(conn, request, at)
    ctx = _context(request, batch_id, at)
    raw = records_frame(request.rows)
    before = _known_ids(conn, request)
    result = land_chunk(conn, raw, ctx)
    counts = result.counts
    summary = ImportSummary(file=Path(request.source), kind=request.spec.name, encoding="utf-8", batch_id=batch_id)
    summary.rows_read = raw.height
    summary.add(counts.inserted, counts.updated, counts.unchanged, result.quarantined, result.problems)
    finish_run(conn, batch_id, summary)
    _audit_created(conn, request, before, at)
    outcomes = [RecordOutcome(i, row.get("id"), "quarantined" if i in problems else "stored", problems.get(i, []))
                for i, row in enumerate(request.rows)]  # fmt: skip
    return Landed(batch_id, counts.inserted, counts.updated, counts.unchanged, result.quarantined, outcomes)


def _start_batch(conn: Connection, request: _Request, at: datetime) -> int:
    """The write as an import run: its source names the API call; the digest is of the records sent."""
    digest = hashlib.sha256(json.dumps(request.rows, sort_keys=True).encode()).hexdigest()
    values = {"path": request.source, "sha256": digest, "kind": request.spec.name, "format": "generic",
              "options": request.options.to_json(), "started_at": at, "status": RUNNING,
              "actor": request.options.actor, "pid": os.getpid(), "host": socket.gethostname()}
    return int(conn.execute(insert(import_batches).values(values).returning(import_batches.c.id)).scalar_one())


def _known_ids(conn: Connection, request: _Request) -> set[int]:
    """Database ids of the records the request names that exist now (in its source system)."""
    if not request.spec.keyed_by_source:
        return set()
    system = request.options.source_system or LOCAL_SYSTEM
    named = [str(row["id"]) for row in request.rows if row.get("id")]
    return set(lookup_ids(conn, request.spec.table, system, named)["id"].to_list())


def _audit_created(conn: Connection, request: _Request, before: set[int], at: datetime) -> None:
    """A record this write created gets an audit row saying so (the import audits the fields it changes)."""
    created = sorted(_known_ids(conn, request) - before)
    frame = pl.DataFrame([(i, "record", None, "created") for i in created],
                         schema={"entity_id": pl.Int64, "field": pl.String, "old_value": pl.String,
                                 "new_value": pl.String}, orient="row")  # fmt: skip
    record_changes(conn, request.spec.table.name, frame, request.options.actor, at, request.source)
