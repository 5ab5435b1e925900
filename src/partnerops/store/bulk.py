"""Fast bulk statements: membership in a long list of values as one bound parameter, and reads, inserts and
updates that pass plain tuples straight to the driver (SQLAlchemy's per-value processing dominates at 10^6 rows);
inserts on PostgreSQL by COPY."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ARRAY,
    Column,
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    any_,
    bindparam,
    cast,
    func,
    select,
)

if TYPE_CHECKING:
    import polars as pl

# SQLite's page cache for an import's connection (KiB, as a negative cache_size): a million-row table's
# indexes stay in memory instead of being read back for every insert into the middle of one.
BULK_CACHE_KIB = 256 * 1024
# Rows per INSERT statement on SQLite, within its limit of bound parameters (32,766 since SQLite 3.32, 999 before).
ROWS_PER_INSERT = 100
SQLITE_MAX_PARAMETERS = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


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


def driver_cursor(conn: Connection) -> Any:
    """A cursor on the driver's own connection, inside `conn`'s transaction: begun here if `conn` has not begun
    one yet, as its next `execute` would, so what the cursor writes is committed (or rolled back) with it."""
    if not conn.in_transaction():
        conn.begin()
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def driver_value(conn: Connection, column: Column[Any], value: object) -> object:
    """`value` as SQLAlchemy would hand it to the driver for `column` (a timestamp is text on SQLite)."""
    processor = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return processor(value) if processor is not None else value


def fetch_rows(conn: Connection, query: Select[*tuple[Any, ...]]) -> list[tuple[object, ...]]:
    """The rows of `query` as the driver returns them: plain tuples, no per-value processing (so a date is ISO
    text on SQLite). Only for queries whose bound values need no processing either (text, numbers, lists)."""
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    args = [params[name] for name in compiled.positiontup or ()] if compiled.positional else params
    cursor = driver_cursor(conn)
    try:
        cursor.execute(str(compiled), args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def insert_frame(
    conn: Connection, table: Table, rows: pl.DataFrame, constants: Mapping[str, object] | None = None
) -> None:
    """Insert every row of `rows` (columns named as the table's), each with the same `constants` (values as the
    driver takes them), with one executemany on the driver's cursor, fed tuples as it goes: a million tuples are
    never all held at once."""
    if rows.height == 0:
        return
    rows = _without_idle_columns(table, rows)
    fixed = dict(constants or {})
    names = [*rows.columns, *fixed]
    target = f"{_quoted(conn, table.name)} ({', '.join(_quoted(conn, n) for n in names)})"
    values = [*_column_values(rows), *([value] * rows.height for value in fixed.values())]
    if conn.dialect.name == "postgresql":
        _copy(conn, target, values)
        return
    _insert_many_rows(conn, target, values)


def _insert_many_rows(conn: Connection, target: str, columns: Sequence[list[Any]]) -> None:
    """SQLite: INSERTs of ROWS_PER_INSERT rows each (`VALUES (...), (...), ...`), fed flat lists of values: one
    statement of many rows opens the table's and its indexes' cursors once, where one per row pays that again
    for every row."""
    width, height = len(columns), len(columns[0])
    per = max(1, min(ROWS_PER_INSERT, SQLITE_MAX_PARAMETERS // width))
    row = f"({', '.join('?' * width)})"
    whole = height - height % per
    cursor = driver_cursor(conn)
    try:
        if whole:
            cursor.executemany(f"INSERT INTO {target} VALUES {', '.join([row] * per)}",
                               _flat_batches(columns, whole, per))
        if whole < height:
            rest = _interleaved([column[whole:] for column in columns])
            cursor.execute(f"INSERT INTO {target} VALUES {', '.join([row] * (height - whole))}", rest)
    finally:
        cursor.close()


def _flat_batches(columns: Sequence[list[Any]], height: int, per: int) -> Iterator[list[Any]]:
    """The first `height` rows of `columns`, `per` rows at a time, each batch's values row after row."""
    flat = _interleaved([column[:height] for column in columns])
    step = per * len(columns)
    for start in range(0, len(flat), step):
        yield flat[start : start + step]


def _interleaved(columns: Sequence[list[Any]]) -> list[Any]:
    """The values of `columns` row after row, in one list (slice assignment: no Python loop over the values)."""
    width = len(columns)
    flat: list[Any] = [None] * (width * len(columns[0]))
    for index, column in enumerate(columns):
        flat[index::width] = column
    return flat


def _copy(conn: Connection, target: str, columns: Sequence[Any]) -> None:
    """PostgreSQL's COPY: the rows stream to the server in one statement, which parses each value as its column's
    type, instead of one INSERT executed per row."""
    cursor = driver_cursor(conn)
    try:
        with cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in zip(*columns, strict=True):
                copy.write_row(row)
    finally:
        cursor.close()


def _without_idle_columns(table: Table, rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` less the columns null in every row that the database fills with null when left out (no server
    default): the stored rows are the same, with fewer values to bind (a file's missing columns cost nothing)."""
    nulls = rows.null_count().row(0)
    idle = [name for name, count in zip(rows.columns, nulls, strict=True)
            if count == rows.height and table.c[name].server_default is None and not table.c[name].primary_key]
    return rows.drop(idle) if len(idle) < rows.width else rows


def update_frame(conn: Connection, table: Table, rows: pl.DataFrame, touch: str | None = None) -> None:
    """Set the columns of `rows` on the stored record of each row's `id`, with one executemany on the driver's
    cursor; `touch` names a timestamp column set to the database's current time as well."""
    if rows.height == 0:
        return
    columns = [c for c in rows.columns if c != "id"]
    sets = [f"{_quoted(conn, c)} = {_marker(conn)}" for c in columns]
    if touch is not None:
        sets.append(f"{_quoted(conn, touch)} = {func.now().compile(dialect=conn.dialect)}")
    sql = f"UPDATE {_quoted(conn, table.name)} SET {', '.join(sets)} WHERE id = {_marker(conn)}"
    _executemany(conn, sql, _column_values(rows.select(*columns, "id")))


def _quoted(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _marker(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _column_values(rows: pl.DataFrame) -> list[list[Any]]:
    import polars as pl

    # Dates go as ISO text: SQLite stores them so, PostgreSQL casts the untyped literal to date.
    plain = rows.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
    return [column.to_list() for column in plain.get_columns()]


def _executemany(conn: Connection, sql: str, columns: Sequence[Any]) -> None:
    cursor = driver_cursor(conn)
    try:
        cursor.executemany(sql, zip(*columns, strict=True))
    finally:
        cursor.close()
