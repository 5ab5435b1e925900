"""Retrying quarantined rows: each entry's kept row, after the fixes given, is validated again with the options
of its import (or those given now), as one frame per import and kind, and lands when it passes."""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.checks import ERRORS, FIELD, REASON, VALUE, WARNINGS
from partnerops.ingest.dedupe import DUPLICATE_REASON
from partnerops.ingest.deletions import split_deleted
from partnerops.ingest.formats import FORMATS
from partnerops.ingest.kinds import KindSpec, kind_spec
from partnerops.ingest.land import LandContext, checked_chunk, land_good
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.problems import WARNED, problem_lists
from partnerops.ingest.quarantine_summary import ReasonCount, summarised
from partnerops.ingest.ragged import RAGGED_FIELD, split_line
from partnerops.ingest.reader import ROW
from partnerops.store import quarantine_repo
from partnerops.store.audit import record_changes
from partnerops.store.quarantine_repo import ERROR, FIXES, OPEN, RESOLVED, WARNING, file_values

DUPLICATE_START = DUPLICATE_REASON.split("{}")[0]
# Kinds whose entries are files (or parts of files) that a feature above ingest reads, retried by reading the file
# again there: named as a plugin is, and imported only when such an entry is retried.
FILE_RETRIERS = {"conversation": "partnerops.signals.conversation_retry:retry_conversation_entries"}


@dataclass(frozen=True)
class RetryOptions:
    """Import options a retry may change for every row it takes: how dates and amounts read, the currency,
    where references point and which header holds a field. Empty means "as the import had it"."""

    date_format: str | None = None
    currency: str | None = None
    refs: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    decimal_comma: bool | None = None

    def applied(self, options: ImportOptions) -> ImportOptions:
        comma = options.decimal_comma if self.decimal_comma is None else self.decimal_comma
        return replace(options, date_format=self.date_format or options.date_format,
                       currency=self.currency or options.currency, refs=options.refs | self.refs,
                       columns=options.columns | self.columns, decimal_comma=comma)

    def described(self, fixes: dict[str, str]) -> str:
        """The retry as its command line reads, for the audit log."""
        given = [*(f"--set {k}={v}" for k, v in fixes.items()), *(f"--ref {k}={v}" for k, v in self.refs.items()),
                 *(f"--map {k}={v}" for k, v in self.columns.items())]
        given += [f"--date-format {self.date_format}"] if self.date_format else []
        given += [f"--currency {self.currency}"] if self.currency else []
        given += ["--decimal-comma"] if self.decimal_comma else []
        return " ".join(["retry", *given])


@dataclass(frozen=True)
class RetryResult:
    landed: bool
    entry: dict[str, Any]


@dataclass(frozen=True)
class RetryReport:
    """How many entries landed (their record is stored) and what is still open, counted by reason."""

    landed: int
    still_open: list[ReasonCount]

    @property
    def open(self) -> int:
        return sum(count for *_, count in self.still_open)


def retry_entries(conn: Connection, chosen: list[dict[str, Any]], fixes: dict[str, str], actor: str | None,
                  options: RetryOptions) -> RetryReport:
    at = datetime.now(UTC)
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in chosen:
        groups[(entry["batch_id"], entry["kind"])].append(entry)
    updates = [u for group in groups.values() for u in _retry_kind(conn, group, fixes, actor, options, at)]
    quarantine_repo.update_entries(conn, updates)
    before = {e["id"]: e for e in chosen}
    audit_status(conn, [(u["id"], before[u["id"]]["status"], u["status"]) for u in updates], actor or "cli", at,
                 options.described(fixes))
    still = [(before[u["id"]]["kind"], u["severity"], u["field"], u["reason"], 1) for u in updates
             if u["status"] == OPEN]
    return RetryReport(sum(_landed(before[u["id"]], u) for u in updates), summarised(still))


def _landed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """The retry stored the record: its entry is resolved, or an error became a warning."""
    return bool(after["status"] == RESOLVED or (before["severity"] == ERROR and after["severity"] == WARNING))


def audit_status(conn: Connection, changes: list[tuple[int, str, str]], actor: str, at: datetime,
                 what: str) -> None:
    """One audit row per entry: its status before and after `what` (the command, with its fixes)."""
    frame = pl.DataFrame(changes, schema={"entity_id": pl.Int64, "old_value": pl.String, "new_value": pl.String},
                         orient="row").with_columns(pl.lit("status").alias("field"))
    record_changes(conn, "quarantine", frame.select("entity_id", "field", "old_value", "new_value"), actor, at,
                   what)


def _retry_kind(conn: Connection, group: list[dict[str, Any]], fixes: dict[str, str], actor: str | None,
                options: RetryOptions, at: datetime) -> list[dict[str, Any]]:
    """A file kind's retrier (which reads the whole file again: fixes do not apply), else rows validated again."""
    target = FILE_RETRIERS.get(group[0]["kind"])
    if target is None:
        return _retry_group(conn, group, fixes, actor, options, at)
    module, name = target.split(":")
    retried: list[dict[str, Any]] = getattr(importlib.import_module(module), name)(conn, group, actor, at)
    return retried


def _retry_group(conn: Connection, group: list[dict[str, Any]], fixes: dict[str, str], actor: str | None,
                 options: RetryOptions, at: datetime) -> list[dict[str, Any]]:
    """The entries' new values after validating their rows again (one frame) and landing those that pass."""
    batch = quarantine_repo.batch(conn, group[0]["batch_id"])
    spec, fmt = kind_spec(group[0]["kind"]), FORMATS[batch["format"]]
    import_options = options.applied(ImportOptions.from_json(batch["options"], actor))
    file = Path(group[0]["file"])
    rows = [_row_to_check(entry, fixes, spec, fmt.name, import_options) for entry in group]
    headers = list(dict.fromkeys(name for row in rows for name in row if name not in (ROW, FIELD, REASON, VALUE)))
    columns = resolve_columns(file, headers, spec, fmt, import_options)
    frame = pl.DataFrame(rows, schema={ROW: pl.UInt32, FIELD: pl.String, REASON: pl.String, VALUE: pl.String,
                                       **dict.fromkeys(headers, pl.String)})
    ctx = LandContext(spec, fmt, import_options, columns, str(file), group[0]["batch_id"], at)
    checked = checked_chunk(conn, frame, ctx)
    good, _ = split_deleted(conn, checked.filter(pl.col(REASON).is_null()), ctx)
    land_good(conn, good, ctx)
    outcome = _outcomes(problem_lists(checked, spec))
    return [_updated(entry, outcome.get(entry["row_number"]), fixes, at) for entry in group]


def _row_to_check(entry: dict[str, Any], fixes: dict[str, str], spec: KindSpec, fmt: str,
                  options: ImportOptions) -> dict[str, Any]:
    """The entry's row as the file gave it with every fix made so far and `fixes` applied (a fix names a field
    or a header), plus an error that still holds: a line that does not fit the header, or a duplicate id."""
    kept = dict(entry["raw"].get(FIXES) or {}) | fixes
    row, error = _fields_of(file_values(entry["raw"]), kept)
    header = {name: name if name in row else options.columns.get(name) or _header_of(name, row, spec, fmt)
              for name in kept if name != RAGGED_FIELD}
    row |= {header[name]: value for name, value in kept.items() if name in header}
    duplicate = next((p for p in entry.get("errors") or [] if p["reason"].startswith(DUPLICATE_START)), None)
    if duplicate and not error and not _fixed(duplicate["field"], header, row, spec, fmt, options):
        error = {FIELD: duplicate["field"], REASON: duplicate["reason"], VALUE: duplicate["value"]}
    return {ROW: entry["row_number"], **row, **error}


def _fixed(name: str, header: dict[str, str], row: dict[str, Any], spec: KindSpec, fmt: str,
           options: ImportOptions) -> bool:
    """Whether a fix wrote the column of field `name`."""
    return (options.columns.get(name) or _header_of(name, row, spec, fmt)) in header.values()


def _header_of(name: str, row: dict[str, Any], spec: KindSpec, fmt: str) -> str:
    """The header of the row that holds field `name` (its canonical name when the row has none)."""
    if name not in spec.field_names:
        return name
    candidates = FORMATS[fmt].candidates(spec.name, name)
    folded = {header.strip().casefold(): header for header in row}
    return next((folded[c.casefold()] for c in candidates if c.casefold() in folded), name)


def _fields_of(raw: dict[str, Any], fixes: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ragged row's line (or its fix, `--set "(row)=..."`) split by the header, or the error it still is."""
    if RAGGED_FIELD not in raw:
        return raw, {}
    stored = raw.pop(RAGGED_FIELD) or ""
    line = fixes.get(RAGGED_FIELD, stored)
    split = split_line(line, list(raw))
    if isinstance(split, str):
        return raw, {FIELD: RAGGED_FIELD, REASON: split, VALUE: line}
    return split, {}


def _outcomes(checked: pl.DataFrame) -> dict[int, tuple[str, list[dict[str, Any]]]]:
    """Per row number: the severity of what is left and its problems (no entry for a row that landed clean)."""
    found: dict[int, tuple[str, list[dict[str, Any]]]] = {}
    for row, reason, warned, errors, warnings in checked.select(ROW, REASON, WARNED, ERRORS, WARNINGS).rows():
        if reason is not None:
            found[row] = (ERROR, errors)
        elif warned:
            found[row] = (WARNING, warnings)
    return found


def _updated(entry: dict[str, Any], left: tuple[str, list[dict[str, Any]]] | None, fixes: dict[str, str],
             at: datetime) -> dict[str, Any]:
    kept = dict(entry["raw"].get(FIXES) or {}) | fixes
    raw = file_values(entry["raw"]) | ({FIXES: kept} if kept else {})
    values = {"id": entry["id"], "kind": entry["kind"], "raw": raw, "updated_at": at, "closed_batch_id": None}
    if left is None:
        return values | {"status": RESOLVED, "severity": entry["severity"], "errors": entry["errors"],
                         "field": entry["field"], "reason": entry["reason"], "value": entry["value"]}
    severity, problems = left
    first = problems[0]
    return values | {"status": OPEN, "severity": severity, "errors": problems, "field": first["field"],
                     "reason": first["reason"], "value": first["value"]}
