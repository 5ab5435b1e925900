"""An export restored into an empty database gives back every row of every table, ids and types included, on
SQLite and PostgreSQL, from SQLite to PostgreSQL, and the restored database goes on numbering after the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import JSON, Engine, insert, select

from partnerops.portability.containers import Folder
from partnerops.portability.export import export_all
from partnerops.portability.restore import restore_all
from partnerops.portability.schema import all_tables
from partnerops.portability.sequences import next_id
from partnerops.store.tables import partners, quarantine
from portability.new_databases import NewDatabase
from portability.portability_world import every_row, seed_everything


def _export(engine: Engine, directory: Path) -> Folder:
    folder = Folder(directory)
    folder.create()
    export_all(engine, folder)
    return folder


def _json_null_beside_sql_null(engine: Engine) -> None:
    with engine.begin() as conn:
        entry = dict(conn.execute(select(quarantine).limit(1)).one()._mapping)
        del entry["id"]
        conn.execute(insert(quarantine).values(entry | {"errors": JSON.NULL}))
        conn.execute(insert(quarantine).values(entry | {"errors": None, "raw": {}}))


def test_restore_of_an_export_gives_back_every_row_of_every_table(engine: Engine, new_database: NewDatabase,
                                                                  tmp_path: Path) -> None:  # fmt: skip
    seed_everything(engine)
    _json_null_beside_sql_null(engine)
    before = every_row(engine)
    assert [name for name, rows in before.items() if not rows] == []

    target = new_database()
    summary = restore_all(target, _export(engine, tmp_path / "export"))

    assert every_row(target) == before
    assert summary.rows == {name: len(rows) for name, rows in before.items()}


@pytest.mark.postgres
def test_a_sqlite_database_moves_to_postgresql_with_nothing_lost(sqlite_engine: Engine, postgres_database: NewDatabase,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    seed_everything(sqlite_engine)
    folder = _export(sqlite_engine, tmp_path / "export")

    restore_all(postgres_database(), folder)

    assert every_row(postgres_database.made[0]) == every_row(sqlite_engine)


def test_a_restored_database_numbers_new_records_after_every_id_the_source_used(
    engine: Engine, new_database: NewDatabase, tmp_path: Path
) -> None:
    with engine.begin() as conn:
        conn.execute(insert(partners), [{"source_system": "csv", "external_id": f"P{i}", "name": f"Partner {i}",
                                         "type": "referral"} for i in range(5)])  # fmt: skip
        conn.execute(partners.delete().where(partners.c.external_id == "P4"))
    target = new_database()
    restore_all(target, _export(engine, tmp_path / "export"))

    with target.begin() as conn:
        new = conn.execute(insert(partners).values(source_system="csv", external_id="NEW", name="New", type="si")
                           .returning(partners.c.id)).scalar_one()  # fmt: skip
    with engine.connect() as conn:
        expected = next_id(conn, partners, "id")
    assert new == expected
    assert new > 4


def test_every_table_of_the_schema_is_in_the_export(engine: Engine, tmp_path: Path) -> None:
    folder = _export(engine, tmp_path / "export")
    with engine.connect() as conn:
        stored = set(conn.dialect.get_table_names(conn)) - {"alembic_version"}
    written = {path.stem for path in folder.path.glob("*.jsonl")}
    assert written == stored
    assert stored <= {t.name for t in all_tables()}
