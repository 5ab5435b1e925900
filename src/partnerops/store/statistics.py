"""Planner statistics after bulk writes: without them a query over a freshly imported table (the journeys of
`attribution credit`) is planned blind. SQLite samples each index (analysis_limit), PostgreSQL its usual sample."""

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
        return
    before = int(conn.exec_driver_sql("PRAGMA analysis_limit").scalar_one())
    conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    try:
        for name in names:
            conn.exec_driver_sql(f"ANALYZE {name}")
    finally:
        conn.exec_driver_sql(f"PRAGMA analysis_limit={before}")
