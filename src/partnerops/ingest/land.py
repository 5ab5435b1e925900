"""One chunk from text to stored records: shape, validate, key, de-duplicate, resolve references,
then upsert the rows that pass and keep the problems in the quarantine, all in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, select

from partnerops.ingest.canonical import canonical_frame
from partnerops.ingest.checks import FIELD, REASON, ROW_FINGERPRINT
from partnerops.ingest.company_names import resolve_company_names
from partnerops.ingest.date_order import DateOrder
from partnerops.ingest.dedupe import FirstRows
from partnerops.ingest.deletions import split_deleted
from partnerops.ingest.fingerprints import Fingerprints, split_unchanged
from partnerops.ingest.formats import Format
from partnerops.ingest.keys import KEY, with_keys
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.problems import WARNED, with_problems
from partnerops.ingest.quarantine_landing import KnownEntries, keep_problems
from partnerops.ingest.reader import ROW
from partnerops.ingest.references import FoundIds, resolve_references
from partnerops.ingest.validate import is_warning, validate
from partnerops.store.fingerprints import FINGERPRINT
from partnerops.store.kept_values import stored_values
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
    entries: KnownEntries = field(default_factory=KnownEntries)
    # The whole file's day/month evidence (None for a quarantine retry, which checks one row at a time).
    date_order: DateOrder | None = None
    # Set by an import whose rows can be fingerprinted (None for a retry, which lands rows fixed here).
    fingerprints: Fingerprints | None = None
    # Set by an import into a table holding no record of its source system: every row that lands is new.
    none_stored: bool = False

    @property
    def source_system(self) -> str:
        return self.options.system_for(self.fmt.name)

    @property
    def file_name(self) -> str:
        """The file's name without its folder: a row without an id is the same record in any copy of the file."""
        return Path(self.file).name


@dataclass(frozen=True)
class ChunkResult:
    counts: UpsertCounts
    quarantined: int
    problems: list[str]
    deleted: int = 0
    warnings: int = 0


def checked_chunk(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> pl.DataFrame:
    """Every row of `raw` with its typed values, each field's problem, FIELD/REASON/VALUE of its first error
    (null on a row that lands) and WARNED."""
    spec = ctx.spec
    systems = {kind: ctx.options.ref_system(kind, ctx.fmt.name) for kind in ("accounts", "partners",
                                                                               "opportunities", "candidates")}
    frame = canonical_frame(raw, ctx.columns, spec, ctx.fmt, ctx.options)
    frame = resolve_company_names(conn, frame, systems["accounts"], ctx.columns)
    frame = validate(frame, spec, ctx.options)
    keyed = with_keys(frame, spec, ctx.file_name, ctx.options.collapse_duplicates)
    frame = ctx.first_rows.duplicate_errors(keyed, spec.name)
    frame = resolve_references(conn, frame, spec, systems, ctx.found_ids)
    return with_problems(frame, spec)


def stored_rows(good: pl.DataFrame, ctx: LandContext) -> pl.DataFrame:
    """The good rows as the table's columns, typed as the database stores them."""
    spec = ctx.spec
    values = [
        pl.col(f"{f.name}__id" if f.ref else f"{f.name}__v").alias(f.column)
        for f in spec.fields if f.name != "id"
    ]
    if ctx.fingerprints is not None and ROW_FINGERPRINT in good.columns:
        # A row with a warning keeps stored values of its own choosing: always checked again.
        values.append(pl.when(~pl.col(WARNED)).then(pl.col(ROW_FINGERPRINT)).alias(FINGERPRINT))
    if not spec.keyed_by_source:
        return good.select(values)
    return good.select(pl.lit(ctx.source_system).alias("source_system"), pl.col(KEY).alias("external_id"),
                       *values)


def land_good(conn: Connection, good: pl.DataFrame, ctx: LandContext) -> UpsertCounts:
    """Upsert the rows that passed; a field with a warning keeps what is stored (nothing, for a new record)."""
    rows = stored_rows(_unreadable_kept(conn, good, ctx), ctx)
    return upsert(conn, ctx.spec.table, ctx.spec.key, rows, ctx.options.actor, ctx.at, batch_id=ctx.batch_id,
                  new_only=ctx.none_stored)


def none_stored(conn: Connection, ctx: LandContext) -> bool:
    """Whether the kind's table holds no record of the import's source system, deleted or live (a first import):
    then every row that lands is new, since a key repeated in the file never lands twice (ingest/dedupe.py)."""
    table = ctx.spec.table
    if not ctx.spec.keyed_by_source:
        return False
    found = select(table.c.source_system).where(table.c.source_system == ctx.source_system).limit(1)
    return conn.execute(found).first() is None


def land_chunk(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> ChunkResult:
    raw, unchanged = split_unchanged(conn, raw, ctx)
    if raw.height == 0:
        return ChunkResult(UpsertCounts(0, 0, unchanged), 0, [])
    result = _land_checked(conn, raw, ctx)
    return replace(result, counts=replace(result.counts, unchanged=result.counts.unchanged + unchanged))


def _land_checked(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> ChunkResult:
    frame = checked_chunk(conn, raw, ctx)
    if ctx.date_order is not None:
        ctx.date_order.observe(frame)
    # A deleted row needs only its key: set aside before the error split, it is never quarantined for another field.
    frame, deleted = split_deleted(conn, frame, ctx)
    bad = frame.filter(pl.col(REASON).is_not_null())
    good = frame.filter(pl.col(REASON).is_null())
    counts = land_good(conn, good, ctx)
    reported = keep_problems(conn, raw.drop(ROW_FINGERPRINT, strict=False), bad, good, ctx)
    return ChunkResult(counts, bad.height, problem_lines(reported.head(5)), deleted, int(good[WARNED].sum()))


def problem_lines(bad: pl.DataFrame) -> list[str]:
    return [f"row {row}: {fld}: {reason}" for row, fld, reason in bad.select(ROW, FIELD, REASON).rows()]


def _unreadable_kept(conn: Connection, good: pl.DataFrame, ctx: LandContext) -> pl.DataFrame:
    """`good` with each warned field of a stored record set back to its stored value: a value the file gives in
    a form we cannot read says nothing new, so it neither blanks the record's field nor a fix made here. For a
    field both sides may change, the value last imported stands in, so the three-way merge sees no change."""
    spec = ctx.spec
    warned = good.filter(pl.col(WARNED))
    if warned.height == 0 or not spec.keyed_by_source:
        return good
    names = [f.name for f in spec.fields if is_warning(f)]
    columns = [f"{spec.field(n).column}_as_imported" if n in spec.shared else spec.field(n).column for n in names]
    stored = stored_values(conn, spec.table, ctx.source_system, warned[KEY].to_list(), columns)
    stored = stored.rename({"external_id": KEY, **{c: f"{n}__stored" for n, c in zip(names, columns, strict=True)}})
    warned = warned.join(stored, on=KEY, how="left", maintain_order="left").with_columns(
        pl.when(pl.col(f"{n}__e").is_null()).then(pl.col(f"{n}__v"))
        .otherwise(pl.col(f"{n}__stored").cast(good.schema[f"{n}__v"])).alias(f"{n}__v")
        for n in names
    )
    return pl.concat([good.filter(~pl.col(WARNED)), warned.select(good.columns)])
