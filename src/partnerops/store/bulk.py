"""Fast bulk statements: membership in a long list of values as one bound parameter, and inserts that
hand plain tuples straight to the driver (SQLAlchemy's per-value processing dominates at 10^6 rows)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import polars as pl
from sqlalchemy import ARRAY, ColumnElement, Connection, String, Table, any_, bindparam, cast, func, select

# SQLite's page cache for an import's connection (KiB, as a negative cache_size): a million-row table's
# indexes stay in memory instead of being read back for every insert into the middle of one.
BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_session(conn: Connection) -> Iterator[Connection]:
    """`conn` set up for a long run of bulk writes, and put back as it was afterwards."""
    if conn.dialect.name != "sqlite":
        yield conn
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    conn.commit()
    try:
        yield conn
    finally:
        conn.rollback()
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")
        conn.commit()


def column_in(conn: Connection, column: ColumnElement[str], values: Sequence[str]) -> ColumnElement[bool]:
    """`column IN values` with the whole list bound as one parameter: a JSON array read by json_each on
    SQLite, an array on PostgreSQL. Either way there is no limit on the number of values."""
    if conn.dialect.name == "postgresql":
        return column == any_(cast(bindparam("values", list(values)), ARRAY(String)))
    listed = func.json_each(bindparam("values", json.dumps(list(values)))).table_valued("value")
    return column.in_(select(listed.c.value))


def insert_frame(conn: Connection, table: Table, rows: pl.DataFrame) -> None:
    """Insert every row of `rows` (columns named as the table's) with one executemany on the driver's
    cursor, fed tuples as it goes: a million tuples are never all held at once."""
    if rows.height == 0:
        return
    quote = conn.dialect.identifier_preparer.quote
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(quote(name) for name in rows.columns)
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join([marker] * rows.width)})"
    # Dates go as ISO text: SQLite stores them so, PostgreSQL casts the untyped literal to date.
    plain = rows.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, zip(*(column.to_list() for column in plain.get_columns()), strict=True))
    finally:
        cursor.close()
