"""A first import into an empty table (whose plain indexes SQLite builds once the rows are in) leaves every index
as it was, consistent with the rows, whether it finishes or is interrupted."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from ingest.ingest_kit import DEALS, ImportBench
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.runs import ImportInterrupted
from partnerops.ingest.service import import_file

ROWS = DEALS + "".join(f"D{i},A{1 + i % 2},Deal {i},{100 + i}.00,EUR,Prospecting,2025-01-{1 + i:02d},,2025-06-01,Web\n"
                       for i in range(6))


def indexes(db: ImportBench, table: str) -> list[dict[str, str]]:
    found = inspect(db.engine).get_indexes(table)
    return sorted(({k: str(v) for k, v in index.items() if k in ("name", "column_names", "unique")}
                   | {"where": str(index.get("dialect_options", {}).get("sqlite_where"))} for index in found),
                  key=lambda index: index["name"])


def consistent(db: ImportBench) -> bool:
    """Whether every index holds exactly the table's rows (SQLite's integrity check; PostgreSQL keeps its own)."""
    if db.engine.dialect.name != "sqlite":
        return True
    with db.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


def load_deals(db: ImportBench, stop_after: int | None = None) -> None:
    landed: list[int] = []

    def progress(rows: int) -> None:
        landed.append(rows)
        if len(landed) == stop_after:
            raise KeyboardInterrupt

    path = db.write("deals.csv", ROWS)
    import_file(db.engine, path, "opportunities", options=ImportOptions(chunk_rows=2), progress=progress)


def test_a_first_import_leaves_the_indexes_as_they_were_and_holding_its_rows(db: ImportBench) -> None:
    db.with_accounts()
    before = indexes(db, "opportunities")
    load_deals(db)
    assert indexes(db, "opportunities") == before
    assert consistent(db)
    with db.engine.connect() as conn:
        by_account = text("SELECT count(*) FROM opportunities WHERE account_id = "
                          "(SELECT id FROM accounts WHERE external_id = 'A1')")
        assert conn.execute(by_account).scalar_one() == 3


def test_an_interrupted_first_import_leaves_the_indexes(db: ImportBench) -> None:
    db.with_accounts()
    before = indexes(db, "opportunities")
    with pytest.raises(ImportInterrupted):
        load_deals(db, stop_after=2)
    assert indexes(db, "opportunities") == before
    assert db.rows("opportunities") == []
    load_deals(db)
    assert indexes(db, "opportunities") == before and len(db.rows("opportunities")) == 6
    assert consistent(db)
