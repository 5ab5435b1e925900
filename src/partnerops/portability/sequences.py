"""The ids a table hands out next: read at export, and moved past every restored row (and past ids the source
had already used and deleted, on PostgreSQL) so that a restored database never reuses an id."""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select, text

__all__ = ["advance_sequence", "next_id", "sequence_column"]


def sequence_column(table: Table) -> str | None:
    """The one integer primary key column that numbers new rows, if the table has one."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].autoincrement in (True, "auto") and keys[0].type.python_type is int:
        return keys[0].name
    return None


def next_id(conn: Connection, table: Table, column: str) -> int:
    highest = conn.execute(select(func.max(table.c[column]))).scalar() or 0
    sequence = _sequence(conn, table.name, column)
    if sequence is None:
        return int(highest) + 1
    last, called = conn.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
    return max(int(highest) + 1, int(last) + 1 if called else int(last))


def advance_sequence(conn: Connection, table: str, column: str, wanted: int | None) -> None:
    """PostgreSQL: the next id is past the restored rows and at least `wanted`. SQLite numbers from the
    largest id, which the restored rows already set."""
    sequence = _sequence(conn, table, column)
    if sequence is None:
        return
    highest = conn.execute(text(f'SELECT max("{column}") FROM "{table}"')).scalar() or 0
    following = max(int(highest) + 1, wanted or 1)
    conn.execute(text("SELECT setval(CAST(:sequence AS regclass), :following, false)"),
                 {"sequence": sequence, "following": following})  # fmt: skip


def _sequence(conn: Connection, table: str, column: str) -> str | None:
    if conn.dialect.name != "postgresql":
        return None
    found = conn.execute(text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": table, "column": column})
    return found.scalar()
