"""One chunk from text to stored records: shape, validate, key, de-duplicate, resolve references,
then upsert the good rows and quarantine the bad ones, all in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.canonical import canonical_frame
from partnerops.ingest.company_names import resolve_company_names
from partnerops.ingest.dedupe import FirstRows
from partnerops.ingest.deletions import split_deleted
from partnerops.ingest.formats import Format
from partnerops.ingest.keys import KEY, with_keys
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.quarantine_landing import quarantine_bad_rows
from partnerops.ingest.reader import ROW
from partnerops.ingest.references import FoundIds, resolve_references
from partnerops.ingest.validate import FIELD, REASON, validate, with_first_error
from partnerops.store.upsert import UpsertCounts, upsert


@dataclass
class LandContext:
    spec: KindSpec
    fmt: Format
    options: ImportOptions
    columns: dict[str, str]
    file: str
    batch_id: int
    at: datetime
    first_rows: FirstRows = field(default_factory=FirstRows)
    found_ids: FoundIds = field(default_factory=FoundIds)

    @property
    def source_system(self) -> str:
        return self.options.system_for(self.fmt.name)


@dataclass(frozen=True)
class ChunkResult:
    counts: UpsertCounts
    quarantined: int
    problems: list[str]
    deleted: int = 0
    warnings: int = 0


def checked_chunk(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> pl.DataFrame:
    """Every row of `raw` with its typed values and, for a bad row, FIELD, REASON and VALUE."""
    spec = ctx.spec
    systems = {kind: ctx.options.ref_system(kind, ctx.fmt.name) for kind in ("accounts", "partners",
                                                                               "opportunities")}
    frame = canonical_frame(raw, ctx.columns, spec, ctx.fmt, ctx.options)
    frame = resolve_company_names(conn, frame, systems["accounts"], ctx.columns)
    frame = validate(frame, spec, ctx.options)
    frame = ctx.first_rows.duplicate_errors(with_keys(frame, spec), spec.name)
    frame = resolve_references(conn, frame, spec, systems, ctx.found_ids)
    refs = [(f.name, f"{f.name}__ref__e") for f in spec.fields if f.ref]
    key_field = "id" if "id" in spec.field_names else spec.key[-1]
    return with_first_error(frame, [*refs, (key_field, "__dup__e")])


def stored_rows(good: pl.DataFrame, ctx: LandContext) -> pl.DataFrame:
    """The good rows as the table's columns, typed as the database stores them."""
    spec = ctx.spec
    values = [
        pl.col(f"{f.name}__id" if f.ref else f"{f.name}__v").alias(f.column)
        for f in spec.fields if f.name != "id"
    ]
    if not spec.keyed_by_source:
        return good.select(values)
    return good.select(pl.lit(ctx.source_system).alias("source_system"), pl.col(KEY).alias("external_id"),
                       *values)


def land_chunk(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> ChunkResult:
    frame = checked_chunk(conn, raw, ctx)
    bad = frame.filter(pl.col(REASON).is_not_null())
    good, deleted = split_deleted(conn, frame.filter(pl.col(REASON).is_null()), ctx)
    counts = upsert(conn, ctx.spec.table, ctx.spec.key, stored_rows(good, ctx), ctx.options.actor, ctx.at)
    quarantine_bad_rows(conn, raw, bad, ctx)
    return ChunkResult(counts, bad.height, problem_lines(bad.head(5)), deleted)


def problem_lines(bad: pl.DataFrame) -> list[str]:
    return [f"row {row}: {fld}: {reason}" for row, fld, reason in bad.select(ROW, FIELD, REASON).rows()]
