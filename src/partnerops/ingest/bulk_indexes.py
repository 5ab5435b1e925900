"""A first import into an empty table builds its secondary indexes once, from sorted data, after the rows are in
(SQLite): keeping them up to date row by row costs more than the rows themselves at a million rows. Unique
indexes stay, so every constraint is checked as each row lands, and the indexes are back before the import's
transaction commits: no other connection ever sees the table without them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Table, literal_column, select, text

from partnerops.ingest.kinds import KindSpec

_INDEXES = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL")
# Rebuilt: an index made by `CREATE INDEX` over the whole table. Kept: unique ones (a constraint, checked on
# each insert) and partial ones (few entries, and the import itself reads them: ingest/deletions.py).
_PLAIN = re.compile(r"^\s*CREATE\s+INDEX\s", re.IGNORECASE)
_PARTIAL = re.compile(r"\sWHERE\s", re.IGNORECASE)


@contextmanager
def indexes_built_after(conn: Connection, spec: KindSpec) -> Iterator[None]:
    """Inside `conn`'s transaction: drops the plain indexes of the kind's table when it is empty on SQLite, and
    creates them again, as the database stored them, when the block ends without an error (an error rolls the
    whole transaction back, indexes included). Only for a kind whose import reads its table by source key."""
    table = spec.table
    rebuilt = spec.keyed_by_source and _empty_sqlite_table(conn, table)
    dropped = _drop_plain_indexes(conn, table) if rebuilt else []
    yield
    for statement in dropped:
        conn.exec_driver_sql(statement)


def _empty_sqlite_table(conn: Connection, table: Table) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    return conn.execute(select(literal_column("1")).select_from(table).limit(1)).first() is None


def _drop_plain_indexes(conn: Connection, table: Table) -> list[str]:
    """The `CREATE INDEX` statements of the indexes dropped, inside a transaction of the driver's own: Python's
    sqlite3 begins one only before a row is written, and would run a `DROP INDEX` before that on its own."""
    found = [(name, sql) for name, sql in conn.execute(_INDEXES, {"table": table.name})
             if _PLAIN.match(sql) and not _PARTIAL.search(sql)]
    if not found:
        return []
    if not conn.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")
    preparer = conn.dialect.identifier_preparer
    for name, _ in found:
        conn.exec_driver_sql(f"DROP INDEX {preparer.quote(name)}")
    return [sql for _, sql in found]
