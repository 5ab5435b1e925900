"""Planner statistics after bulk writes: without them a query over a freshly imported table (the journeys of
`attribution credit`) is planned blind. SQLite samples each index (analysis_limit), PostgreSQL its usual sample.

On PostgreSQL the same moment also files the rows a bulk write left in the pending lists of the tables' GIN
(search) indexes: until then every search reads that whole unsorted list, and the planner, counting it, turns
away from the index."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table

# Rows SQLite reads per index: its documented setting for routine use, so that the statistics of a table of
# millions cost milliseconds.
ANALYSIS_LIMIT = 1000


def analyze(conn: Connection, tables: Sequence[Table]) -> None:
    """Refresh the statistics of `tables`, inside `conn`'s transaction."""
    names = [str(conn.dialect.identifier_preparer.quote(table.name)) for table in dict.fromkeys(tables)]
    if not names:
        return
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(f"ANALYZE {', '.join(names)}")
        _file_pending_entries(conn, [table.name for table in tables])
        return
    before = int(conn.exec_driver_sql("PRAGMA analysis_limit").scalar_one())
    conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    try:
        for name in names:
            conn.exec_driver_sql(f"ANALYZE {name}")
    finally:
        conn.exec_driver_sql(f"PRAGMA analysis_limit={before}")


def _file_pending_entries(conn: Connection, tables: Sequence[str]) -> None:
    conn.exec_driver_sql(
        "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' AND i.indrelid::regclass::text = ANY(%(tables)s)",
        {"tables": list(tables)})
