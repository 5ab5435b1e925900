"""Bulk upserts keyed on a natural key: fetch the existing rows of a chunk at once, insert the new,
update the changed (auditing each changed field) and count the unchanged."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl
from sqlalchemy import ColumnElement, Connection, Table, bindparam, func, select, tuple_, update

from partnerops.store.audit import record_changes
from partnerops.store.bulk import column_in, insert_frame

# Keys per IN list: far below SQLite's and PostgreSQL's bound-parameter limits.
LOOKUP_BATCH = 2_000


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int
    unchanged: int


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
    schema = {"id": pl.Int64, **{c: rows.schema[c] for c in (*key, *columns)}}
    found: list[tuple[object, ...]] = []
    for where in _key_filters(conn, table, key, rows):
        found.extend(tuple(row) for row in conn.execute(select(*wanted).where(where)))
    return pl.DataFrame(found, schema=schema, orient="row")


def _key_filters(
    conn: Connection, table: Table, key: Sequence[str], rows: pl.DataFrame
) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses that together select the stored rows with the keys in `rows`."""
    if tuple(key) == ("source_system", "external_id"):
        for system, ids in rows.group_by("source_system").agg("external_id").rows():
            yield (table.c.source_system == system) & column_in(conn, table.c.external_id, ids)
        return
    for batch in _batches(rows.select(key).unique().rows()):
        yield tuple_(*(table.c[c] for c in key)).in_(batch)


def upsert(
    conn: Connection, table: Table, key: Sequence[str], rows: pl.DataFrame, actor: str, at: datetime
) -> UpsertCounts:
    """`rows` holds the key columns and the stored columns, typed; every non-key column is compared."""
    columns = [c for c in rows.columns if c not in key]
    stored = existing_rows(conn, table, key, columns, rows)
    joined = rows.join(stored, on=list(key), how="left", suffix="__old", maintain_order="left")
    fresh = joined.filter(pl.col("id").is_null()).select(rows.columns)
    insert_frame(conn, table, fresh)
    known = joined.filter(pl.col("id").is_not_null())
    differs = [pl.col(c).ne_missing(pl.col(f"{c}__old")) for c in columns]
    changed = known.filter(pl.any_horizontal(differs)) if columns else known.clear()
    if changed.height:
        _update(conn, table, changed, columns)
        record_changes(conn, table.name, _field_changes(changed, columns), actor, at)
    return UpsertCounts(fresh.height, changed.height, known.height - changed.height)


def _update(conn: Connection, table: Table, changed: pl.DataFrame, columns: list[str]) -> None:
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(
            {c: bindparam(f"_{c}") for c in columns} | ({"updated_at": func.now()} if "updated_at" in table.c else {})
        )
    )
    params = changed.select(pl.col("id").alias("_id"), *(pl.col(c).alias(f"_{c}") for c in columns))
    conn.execute(statement, params.to_dicts())


def _field_changes(changed: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """One row per changed field: entity_id, field, old_value, new_value (as text)."""
    parts = [
        changed.filter(pl.col(c).ne_missing(pl.col(f"{c}__old"))).select(
            pl.col("id").alias("entity_id"),
            pl.lit(c).alias("field"),
            pl.col(f"{c}__old").cast(pl.String).alias("old_value"),
            pl.col(c).cast(pl.String).alias("new_value"),
        )
        for c in columns
    ]
    return pl.concat(parts)
