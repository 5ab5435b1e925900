"""Working the quarantine: list and show kept rows, retry one (optionally with fixes), or discard it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine

from partnerops.ingest.formats import FORMATS
from partnerops.ingest.kinds import kind_spec
from partnerops.ingest.land import LandContext, checked_chunk, stored_rows
from partnerops.ingest.mapping import resolve_columns
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.ragged import RAGGED_FIELD, split_line
from partnerops.ingest.reader import ROW
from partnerops.ingest.validate import FIELD, REASON, VALUE
from partnerops.store import quarantine_repo
from partnerops.store.quarantine_repo import DISCARDED, OPEN, RESOLVED, QuarantineFilter
from partnerops.store.upsert import upsert

__all__ = ["QuarantineFilter", "RetryResult", "UnknownEntry", "discard", "get_entry", "list_entries", "retry"]


class UnknownEntry(LookupError):
    """No open quarantine entry with this id."""

    def __init__(self, entry_id: int, status: str | None = None) -> None:
        detail = f"is {status}, not open" if status else "does not exist"
        super().__init__(f"quarantine entry {entry_id} {detail}")
        self.entry_id = entry_id


@dataclass(frozen=True)
class RetryResult:
    landed: bool
    entry: dict[str, Any]


def list_entries(engine: Engine, where: QuarantineFilter) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return quarantine_repo.entries(conn, where)


def get_entry(engine: Engine, entry_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        found = quarantine_repo.entry(conn, entry_id)
    if found is None:
        raise UnknownEntry(entry_id)
    return found


def discard(engine: Engine, entry_id: int) -> None:
    _open_entry(engine, entry_id)
    with engine.begin() as conn:
        quarantine_repo.update_entry(conn, entry_id, status=DISCARDED)


def retry(engine: Engine, entry_id: int, fixes: dict[str, str] | None = None,
          actor: str | None = None) -> RetryResult:
    """Validate the kept row again with the options of its import, after `fixes` (field or header ->
    value); land it when it now passes, else keep it with the new reason."""
    entry = _open_entry(engine, entry_id)
    with engine.begin() as conn:
        batch = quarantine_repo.batch(conn, entry["batch_id"])
        ctx, raw, kept = _retry_context(entry, batch, fixes or {}, actor)
        checked = checked_chunk(conn, raw, ctx)
        landed = checked[REASON][0] is None
        values: dict[str, Any] = {"raw": kept}
        if landed:
            upsert(conn, ctx.spec.table, ctx.spec.key, stored_rows(checked, ctx), ctx.options.actor, ctx.at)
            values["status"] = RESOLVED
        else:
            values |= {"field": checked[FIELD][0], "reason": checked[REASON][0], "value": checked[VALUE][0]}
        quarantine_repo.update_entry(conn, entry_id, **values)
    return RetryResult(landed, get_entry(engine, entry_id))


def _open_entry(engine: Engine, entry_id: int) -> dict[str, Any]:
    entry = get_entry(engine, entry_id)
    if entry["status"] != OPEN:
        raise UnknownEntry(entry_id, entry["status"])
    return entry


def _retry_context(entry: dict[str, Any], batch: dict[str, Any], fixes: dict[str, str],
                   actor: str | None) -> tuple[LandContext, pl.DataFrame, dict[str, str | None]]:
    """The context of the entry's import, the row to check again, and the raw values to keep."""
    spec, fmt = kind_spec(batch["kind"]), FORMATS[batch["format"]]
    options = ImportOptions.from_json(batch["options"], actor)
    file = Path(entry["file"])
    fixes = dict(fixes)
    raw, error = _fields_of(dict(entry["raw"]), fixes)
    columns = resolve_columns(file, list(raw), spec, fmt, options)
    for name, value in fixes.items():
        raw[name if name in raw else columns.get(name, name)] = value
    columns = resolve_columns(file, list(raw), spec, fmt, options)
    frame = pl.DataFrame([raw], schema=dict.fromkeys(raw, pl.String))
    frame = frame.with_columns(pl.lit(entry["row_number"], pl.UInt32).alias(ROW),
                               *(pl.lit(v, pl.String).alias(k) for k, v in error.items()))
    ctx = LandContext(spec, fmt, options, columns, entry["file"], entry["batch_id"], datetime.now(UTC))
    return ctx, frame, raw


def _fields_of(raw: dict[str, str | None],
               fixes: dict[str, str]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """A ragged row's line (or its fix, `--set "(row)=..."`) split by the header, or the error it still is."""
    if RAGGED_FIELD not in raw:
        return raw, {}
    stored = raw.pop(RAGGED_FIELD) or ""
    line = fixes.pop(RAGGED_FIELD, stored)
    split = split_line(line, list(raw))
    if isinstance(split, str):
        return raw | {RAGGED_FIELD: line}, {FIELD: RAGGED_FIELD, REASON: split, VALUE: line}
    return split, {}
