"""An import that changed data leaves the query planner statistics of the tables it wrote."""

from __future__ import annotations

from sqlalchemy import text

from ingest.ingest_kit import ACCOUNTS, DEALS, ImportBench
from partnerops.ingest.options import ImportOptions, RunMode
from partnerops.ingest.service import import_file


def _analysed(db: ImportBench, table: str) -> bool:
    """Whether the database holds planner statistics for `table` (SQLite's sqlite_stat1, PostgreSQL's pg_stats)."""
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            if not conn.execute(text("select count(*) from sqlite_master where name = 'sqlite_stat1'")).scalar_one():
                return False
            query = text("select count(*) from sqlite_stat1 where tbl = :table")
        else:
            query = text("select count(*) from pg_stats where schemaname = current_schema() and tablename = :table")
        return bool(conn.execute(query, {"table": table}).scalar_one())


def test_import_leaves_statistics_of_the_tables_it_wrote(db: ImportBench) -> None:
    assert not _analysed(db, "opportunities")
    db.with_accounts()
    db.load_text("deals.csv", DEALS + "D1,A1,Big deal,1000.00,EUR,Closed Won,2025-01-10,2025-03-01,,Web\n",
                 "opportunities")
    assert _analysed(db, "accounts") and _analysed(db, "opportunities")


def test_dry_run_leaves_no_statistics(db: ImportBench) -> None:
    import_file(db.engine, db.write("accounts.csv", ACCOUNTS), "accounts", options=ImportOptions(),
                mode=RunMode(dry_run=True))
    assert not _analysed(db, "accounts")
