"""Keeping the rows an import could not land (and the warnings of rows that landed) in the quarantine."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.ragged import kept_raw
from partnerops.ingest.reader import ROW
from partnerops.ingest.validate import FIELD, REASON, VALUE
from partnerops.store import quarantine_repo

if TYPE_CHECKING:
    from partnerops.ingest.land import LandContext


def quarantine_bad_rows(conn: Connection, raw: pl.DataFrame, bad: pl.DataFrame, ctx: LandContext) -> None:
    """Keep each bad row with its raw values; a re-import of the same file does not add it twice."""
    if bad.height == 0:
        return
    rows = bad.select(ROW, FIELD, REASON, VALUE)
    kept = quarantine_repo.open_entry_keys(conn, ctx.file, ctx.spec.name, int(rows[ROW].min()),
                                           int(rows[ROW].max()))
    raws = raw.join(rows.select(ROW), on=ROW, how="semi", maintain_order="left")
    by_row = {r.pop(ROW): r for r in raws.drop(FIELD, REASON, VALUE, strict=False).to_dicts()}
    entries = [
        {"batch_id": ctx.batch_id, "file": ctx.file, "row_number": row, "kind": ctx.spec.name,
         "field": fld, "value": value, "reason": reason, "raw": kept_raw(by_row[row], fld, value)}
        for row, fld, reason, value in rows.rows() if (row, fld, reason) not in kept
    ]
    quarantine_repo.add_entries(conn, entries)


def keep_warnings(conn: Connection, raw: pl.DataFrame, warned: pl.DataFrame, ctx: LandContext) -> None:
    """Record the warnings (column WARNINGS) of rows that landed with an optional field left empty."""
