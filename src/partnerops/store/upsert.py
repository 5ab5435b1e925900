"""Bulk upserts keyed on a natural key: fetch the existing rows of a chunk at once, insert the new,
update the changed (auditing each changed field) and count the unchanged. Shared fields go through the
three-way merge (store/three_way.py): a decision made in PartnerOps survives a re-import."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Connection, Date, Enum, Integer, String, Table, select, tuple_

from partnerops.store.audit import record_changes
from partnerops.store.bulk import column_in, fetch_rows, insert_frame, update_frame
from partnerops.store.conflicts_repo import record_conflicts
from partnerops.store.fingerprints import FINGERPRINT
from partnerops.store.three_way import AS_IMPORTED, OLD, conflicts, merged, shared_fields, with_as_imported

# Keys per IN list: far below SQLite's and PostgreSQL's bound-parameter limits.
LOOKUP_BATCH = 2_000
SOURCE_KEY = ("source_system", "external_id")
# Which of a changed record's columns differ, as a string of 0s and 1s (a column of `_update`'s groups).
_PATTERN = "__differs"


CHANGE_SCHEMA = {"entity_id": pl.Int64, "field": pl.String, "old_value": pl.String, "new_value": pl.String}


def no_changes() -> pl.DataFrame:
    return pl.DataFrame(schema=CHANGE_SCHEMA)


@dataclass(frozen=True)
class UpsertCounts:
    """Records inserted, updated and unchanged; shared fields both sides changed (kept as conflicts); and every
    field change applied (entity_id, field, old_value, new_value), for a dry run or a guard to report."""

    inserted: int
    updated: int
    unchanged: int
    conflicts: int = 0
    changes: pl.DataFrame = field(default_factory=no_changes, compare=False)


def _batches(values: Sequence[tuple[object, ...]], size: int = LOOKUP_BATCH) -> Iterator[list[tuple[object, ...]]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def lookup_ids(conn: Connection, table: Table, source_system: str, external_ids: list[str]) -> pl.DataFrame:
    """Database ids of (source_system, external_id) records, as a frame [external_id, id]."""
    query = select(table.c.external_id, table.c.id).where(
        table.c.source_system == source_system, column_in(conn, table.c.external_id, external_ids)
    )
    found = conn.execute(query).all() if external_ids else []
    return pl.DataFrame(found, schema={"external_id": pl.String, "id": pl.Int64}, orient="row")


def names_by_id(conn: Connection, table: Table, source_system: str) -> pl.DataFrame:
    """[external_id, name] of every record of `source_system` in `table`."""
    query = select(table.c.external_id, table.c.name).where(table.c.source_system == source_system)
    return pl.DataFrame(conn.execute(query).all(), schema={"external_id": pl.String, "name": pl.String}, orient="row")


def existing_rows(
    conn: Connection, table: Table, key: Sequence[str], columns: Sequence[str], rows: pl.DataFrame
) -> pl.DataFrame:
    """The stored values of `columns` (and `id`) for the rows of `rows` whose key is already stored."""
    wanted = [table.c.id, *(table.c[c] for c in (*key, *columns))]
    schema: dict[str, pl.DataType] = {"id": pl.Int64(), **{c: rows.schema[c] for c in (*key, *columns)}}
    if tuple(key) == SOURCE_KEY and _plainly_read(table, [*key, *columns], schema):
        return _fetched(conn, table, key, wanted, rows, schema)
    found: list[tuple[object, ...]] = []
    for where in _key_filters(conn, table, key, rows):
        found.extend(tuple(row) for row in conn.execute(select(*wanted).where(where)))
    return pl.DataFrame(found, schema=schema, orient="row")


def _plainly_read(table: Table, columns: Sequence[str], schema: dict[str, pl.DataType]) -> bool:
    """Whether the driver returns `columns` as SQLAlchemy would (text, integers) or as ISO text Polars reads
    back (dates the frame holds as dates), so they can be fetched without SQLAlchemy's per-value processing."""
    def plain(name: str) -> bool:
        kind = table.c[name].type
        if isinstance(kind, Date):
            return schema[name] == pl.Date
        return isinstance(kind, (String, Integer)) and not isinstance(kind, Enum)

    return all(plain(c) for c in columns)


def _fetched(conn: Connection, table: Table, key: Sequence[str], wanted: Sequence[ColumnElement[Any]],
             rows: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """`existing_rows` read through the driver's cursor: tuples straight into a frame. SQLite hands dates back
    as the ISO text they are stored as (parsed here by Polars); PostgreSQL's come as dates."""
    texts = [n for n, dtype in schema.items() if dtype == pl.Date] if conn.dialect.name == "sqlite" else []
    found: list[tuple[object, ...]] = []
    for where in _key_filters(conn, table, key, rows):
        found.extend(fetch_rows(conn, select(*wanted).where(where)))
    frame = pl.DataFrame(found, schema={n: pl.String() if n in texts else t for n, t in schema.items()}, orient="row")
    return frame.with_columns(pl.col(n).str.to_date("%Y-%m-%d") for n in texts)


def _key_filters(
    conn: Connection, table: Table, key: Sequence[str], rows: pl.DataFrame
) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses that together select the stored rows with the keys in `rows`."""
    if tuple(key) == SOURCE_KEY:
        for system, ids in rows.group_by("source_system").agg("external_id").rows():
            yield (table.c.source_system == system) & column_in(conn, table.c.external_id, ids)
        return
    for batch in _batches(rows.select(key).unique().rows()):
        yield tuple_(*(table.c[c] for c in key)).in_(batch)


def upsert(
    conn: Connection,
    table: Table,
    key: Sequence[str],
    rows: pl.DataFrame,
    actor: str,
    at: datetime,
    *,
    batch_id: int | None = None,
    new_only: bool = False,
) -> UpsertCounts:
    """`rows` holds the key columns and the stored columns, typed; every non-key column is compared. A conflict
    found in a shared field is kept with `batch_id`, the import that found it. With `new_only` the caller knows
    no row's key is stored: the rows are inserted without looking any up (a duplicate still fails the insert)."""
    shared = shared_fields(table, rows.columns)
    rows = with_as_imported(rows, shared)
    if new_only:
        insert_frame(conn, table, rows)
        return UpsertCounts(rows.height, 0, 0)
    columns = [c for c in rows.columns if c not in key]
    stored = existing_rows(conn, table, key, columns, rows)
    joined = rows.join(stored, on=list(key), how="left", suffix=OLD, maintain_order="left")
    fresh = joined.filter(pl.col("id").is_null()).select(rows.columns)
    insert_frame(conn, table, fresh)
    known = joined.filter(pl.col("id").is_not_null())
    found = conflicts(known, shared)
    record_conflicts(conn, table.name, found, batch_id, at)
    changes = _apply(conn, table, merged(known, shared), columns, actor, at)
    updated = changes.get_column("entity_id").n_unique()
    return UpsertCounts(fresh.height, updated, known.height - updated, found.height, changes)


def _apply(
    conn: Connection, table: Table, known: pl.DataFrame, columns: list[str], actor: str, at: datetime
) -> pl.DataFrame:
    """Write the stored records whose values differ and audit each changed field; returns those changes.
    The `_as_imported` values and the import fingerprint are bookkeeping: written, but not a change anyone made
    to the record."""
    differs = [pl.col(c).ne_missing(pl.col(f"{c}{OLD}")) for c in columns]
    changed = known.filter(pl.any_horizontal(differs)) if columns else known.clear()
    if changed.height == 0:
        return no_changes()
    _update(conn, table, changed, columns)
    changes = _field_changes(changed, [c for c in columns if not c.endswith(AS_IMPORTED) and c != FINGERPRINT])
    record_changes(conn, table.name, changes, actor, at)
    return changes


def _update(conn: Connection, table: Table, changed: pl.DataFrame, columns: list[str]) -> None:
    """Set the columns that differ on each changed record: one executemany per set of differing columns (a
    handful), so SQLite rewrites an index entry or checks a foreign key only where its column changed."""
    touch = "updated_at" if "updated_at" in table.c else None
    pattern = pl.concat_str([pl.col(c).ne_missing(pl.col(f"{c}{OLD}")).cast(pl.Int8).cast(pl.String) for c in columns])
    for (flags,), group in changed.with_columns(pattern.alias(_PATTERN)).partition_by(_PATTERN, as_dict=True).items():
        differing = [c for c, flag in zip(columns, str(flags), strict=True) if flag == "1"]
        update_frame(conn, table, group.select("id", *differing), touch=touch)


def _field_changes(changed: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """One row per changed field: entity_id, field, old_value, new_value (as text)."""
    parts = [
        no_changes(),
        *(
            changed.filter(pl.col(c).ne_missing(pl.col(f"{c}{OLD}"))).select(
                pl.col("id").alias("entity_id"),
                pl.lit(c).alias("field"),
                pl.col(f"{c}{OLD}").cast(pl.String).alias("old_value"),
                pl.col(c).cast(pl.String).alias("new_value"),
            )
            for c in columns
        ),
    ]
    return pl.concat(parts)
