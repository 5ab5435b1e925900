"""Keeping an import's problems in the quarantine, one entry per source record: the rows it could not land
(errors) and the rows that landed with an optional field left empty (warnings). A later import of the same
record updates its entry, or closes it when the record lands; a row fixed here or discarded stays so while
the file's row is unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.checks import ERRORS, FIELD, REASON, VALUE, WARNINGS
from partnerops.ingest.dedupe import DUPLICATE
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.problems import WARNED, problem_lists
from partnerops.ingest.ragged import kept_raw
from partnerops.ingest.reader import ROW
from partnerops.store import quarantine_repo
from partnerops.store.quarantine_repo import DISCARDED, ERROR, OPEN, WARNING, file_values

if TYPE_CHECKING:
    from partnerops.ingest.land import LandContext

RECORD_KEY = "__record_key"


@dataclass
class KnownEntries:
    """The open entries of the import's kind and source system, read once when first needed: most imports
    have none, and then no landed row is looked up."""

    open: pl.DataFrame | None = field(default=None)

    def open_ids(self, conn: Connection, kind: str, system: str) -> pl.DataFrame:
        if self.open is None:
            self.open = quarantine_repo.open_keys(conn, kind, system)
        return self.open


def record_key(spec: KindSpec, file_name: str, columns: list[str]) -> pl.Expr:
    """The row's external id; the file's name and row where the row has none or repeats an earlier row's id."""
    by_row = pl.format("{} row {}", pl.lit(file_name), pl.col(ROW))
    if "id" not in spec.field_names:
        return by_row
    own = pl.coalesce(pl.col("id__v"), by_row)
    return pl.when(pl.col(DUPLICATE).is_not_null()).then(by_row).otherwise(own) if DUPLICATE in columns else own


def keep_problems(conn: Connection, raw: pl.DataFrame, bad: pl.DataFrame, good: pl.DataFrame,
                  ctx: LandContext) -> pl.DataFrame:
    """Record the errors of `bad` and the warnings of `good`, and close the open entries of the records that
    landed cleanly. Returns the bad rows reported (not those of an entry discarded or fixed here)."""
    warned = good.filter(pl.col(WARNED))
    _close_landed(conn, good.filter(~pl.col(WARNED)), ctx)
    if bad.height + warned.height == 0:
        return bad
    entries = [*_entries(raw, bad, ctx, ERROR), *_entries(raw, warned, ctx, WARNING)]
    known = quarantine_repo.entries_by_key(conn, ctx.spec.name, ctx.source_system,
                                           [e["record_key"] for e in entries])
    fresh, changed = [], []
    for entry in sorted(entries, key=lambda e: e["row_number"]):
        before = known.get(entry["record_key"])
        if before is None:
            fresh.append(entry)
        elif not _kept_as_decided(before, entry):
            changed.append(entry | {"id": before["id"], "closed_batch_id": None})
    quarantine_repo.add_entries(conn, fresh)
    quarantine_repo.update_entries(conn, changed)
    written = {e["row_number"] for e in (*fresh, *changed) if e["severity"] == ERROR}
    return bad.filter(pl.col(ROW).is_in(written))


def _kept_as_decided(before: dict[str, Any], entry: dict[str, Any]) -> bool:
    """An entry discarded, or resolved by a retry here, stays so while the file's row is what it was; one
    closed by an import (the record landed) opens again whenever the row is bad again."""
    decided = before["status"] == DISCARDED or (before["status"] != OPEN and before["closed_batch_id"] is None)
    return decided and file_values(before["raw"]) == entry["raw"]


def _entries(raw: pl.DataFrame, rows: pl.DataFrame, ctx: LandContext, severity: str) -> list[dict[str, Any]]:
    if rows.height == 0:
        return []
    listed = problem_lists(rows, ctx.spec).with_columns(record_key(ctx.spec, ctx.file_name, rows.columns)
                                                        .alias(RECORD_KEY))
    problems = ERRORS if severity == ERROR else WARNINGS
    found = listed.select(ROW, RECORD_KEY, problems, FIELD, VALUE).rows()
    raws = raw.join(rows.select(ROW), on=ROW, how="semi", maintain_order="left")
    by_row = {r.pop(ROW): r for r in raws.drop(FIELD, REASON, VALUE, strict=False).to_dicts()}
    common = {"batch_id": ctx.batch_id, "file": ctx.file, "kind": ctx.spec.name, "severity": severity,
              "source_system": ctx.source_system, "status": OPEN, "updated_at": ctx.at}
    return [
        common | {"row_number": row, "record_key": key, "errors": listed_problems, "raw": kept_raw(
            by_row[row], first_field, first_value), "field": listed_problems[0]["field"],
            "reason": listed_problems[0]["reason"], "value": listed_problems[0]["value"]}
        for row, key, listed_problems, first_field, first_value in found
    ]


def _close_landed(conn: Connection, landed: pl.DataFrame, ctx: LandContext) -> None:
    """Resolve the open entries of the records that landed without a problem, naming this import."""
    open_ids = ctx.entries.open_ids(conn, ctx.spec.name, ctx.source_system)
    if open_ids.height == 0 or landed.height == 0:
        return
    keys = landed.select(record_key(ctx.spec, ctx.file_name, landed.columns).alias("record_key"))
    closing = open_ids.join(keys, on="record_key", how="semi")
    quarantine_repo.close_entries(conn, closing["id"].to_list(), ctx.batch_id, ctx.at)
