"""`partnerops backup` copies a live database: on SQLite through the online backup API, on PostgreSQL through
pg_dump (restored by pg_restore) or, without pg_dump, as the export archive `partnerops restore` reads."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from partnerops.portability.backup import backup
from partnerops.portability.containers import open_container
from partnerops.portability.errors import BackupError
from partnerops.portability.restore import restore_all
from partnerops.store.database import make_engine
from partnerops.store.tables import partners
from portability.new_databases import NewDatabase
from portability.portability_world import every_row


def _seed(engine: Engine, names: range) -> None:
    with engine.begin() as conn:
        conn.execute(insert(partners), [{"source_system": "csv", "external_id": f"P{i}", "name": f"Partner {i}",
                                         "type": "reseller"} for i in names])  # fmt: skip


def test_a_sqlite_backup_holds_what_was_committed_while_a_writer_is_mid_transaction(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    _seed(sqlite_engine, range(5))
    writer = sqlite3.connect(sqlite_engine.url.database)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO partners (source_system, external_id, name, type, created_at, updated_at) "
                   "VALUES ('csv', 'UNCOMMITTED', 'Not yet', 'si', '2026-01-01', '2026-01-01')")  # fmt: skip

    made = backup(sqlite_engine, tmp_path / "copy.db")
    writer.rollback()
    writer.close()

    copy = make_engine(f"sqlite:///{made.path}")
    assert made.method == "sqlite-backup"
    assert every_row(copy) == every_row(sqlite_engine)
    assert len(every_row(copy)["partners"]) == 5
    assert (made.path.stat().st_mode & 0o777) == 0o600


def test_an_existing_file_is_never_overwritten(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "earlier.bak").write_text("an earlier backup")
    with pytest.raises(BackupError, match="already exists"):
        backup(engine, tmp_path / "earlier.bak")
    assert (tmp_path / "earlier.bak").read_text() == "an earlier backup"


@pytest.mark.postgres
def test_a_postgresql_backup_is_a_pg_dump_archive_that_pg_restore_loads(postgres_database: NewDatabase,
                                                                          tmp_path: Path) -> None:  # fmt: skip
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    source = postgres_database()
    from partnerops.store.database import migrate

    migrate(source)
    _seed(source, range(7))
    made = backup(source, tmp_path / "partnerops.dump")
    target = postgres_database()
    url = target.url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={url}", str(made.path)], check=True)

    assert made.method == "pg_dump"
    assert every_row(target) == every_row(source)


def test_without_pg_dump_a_backup_is_the_export_archive_that_restore_loads(
    engine: Engine, new_database: NewDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(engine, range(4))
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    made = backup(engine, tmp_path / "partnerops-backup.zip", portable=engine.dialect.name == "sqlite")
    target = new_database()
    with open_container(made.path) as archive:
        restore_all(target, archive)

    assert made.method == "export"
    assert every_row(target) == every_row(engine)
