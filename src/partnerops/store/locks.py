"""Serialising the state changes that spend, pay or decide ownership: lock a row, or a named lock, for the rest of
the transaction, so a concurrent request waits here and then reads what the first one committed.

PostgreSQL takes the row with `SELECT ... FOR UPDATE`. SQLite has one writer at a time: a no-op UPDATE of the row
makes it this transaction's first write, which waits for the write lock and starts the transaction there, so every
read after it sees the latest committed state (pysqlite opens the transaction at the first write, not before).
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, String, Table, false, select, text, update

from partnerops.store.tables import metadata

__all__ = ["app_locks", "lock_name", "lock_row"]

# What SQLite's named locks write to (nothing is ever stored): see `lock_name`.
app_locks = Table(
    "app_locks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(400), nullable=False, unique=True),
)


def lock_row(conn: Connection, table: Table, row_id: int) -> bool:
    """Hold row `row_id` of `table` until the transaction ends; False when there is no such row."""
    if conn.dialect.name == "postgresql":
        return conn.execute(select(table.c.id).where(table.c.id == row_id).with_for_update()).first() is not None
    return conn.execute(update(table).where(table.c.id == row_id).values(id=table.c.id)).rowcount > 0


def lock_name(conn: Connection, name: str) -> None:
    """Hold the named lock until the transaction ends. PostgreSQL: a transaction-level advisory lock on the name's
    hash (no row per name, so names taken from requests cannot grow a table). SQLite: the database's write lock,
    which every writer shares, taken by a write that changes nothing."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})
        return
    conn.execute(update(app_locks).where(false()).values(id=app_locks.c.id))
