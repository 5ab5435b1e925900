"""A restore goes into an empty database only, trusts no file the manifest does not vouch for, names the file,
line, column and value of anything it cannot read, and leaves nothing behind when it stops."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from partnerops.portability.containers import Folder
from partnerops.portability.errors import RestoreError, TargetNotEmpty
from partnerops.portability.export import export_all
from partnerops.portability.restore import restore_all
from partnerops.store.database import migrate
from partnerops.store.tables import accounts, opportunities, partners
from portability.new_databases import NewDatabase


def _seed(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(partners), [{"source_system": "csv", "external_id": f"P{i}", "name": f"Partner {i}",
                                         "type": "referral"} for i in range(3)])  # fmt: skip
        conn.execute(insert(accounts).values(source_system="csv", external_id="A1", name="Initech"))
        conn.execute(insert(opportunities).values(
            source_system="csv", external_id="O1", account_id=1, name="Initech platform", amount_minor=4_800_000,
            currency="USD", stage="Closed Won", outcome="won", created_on=date(2026, 1, 5), closed_on=date(2026, 3, 1),
        ))  # fmt: skip


@pytest.fixture
def exported(engine: Engine, tmp_path: Path) -> Folder:
    _seed(engine)
    folder = Folder(tmp_path / "export")
    folder.create()
    export_all(engine, folder)
    return folder


def _rewrite(path: Path, change: dict[str, object]) -> None:
    lines = path.read_text().splitlines()
    lines[1] = json.dumps(json.loads(lines[1]) | change)
    path.write_text("\n".join(lines) + "\n")


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(partners)).scalar_one())


def test_a_database_that_holds_records_is_refused_naming_where(exported: Folder, engine: Engine) -> None:
    with pytest.raises(TargetNotEmpty, match="already holds records \\(in accounts, .*partners"):
        restore_all(engine, exported)
    assert _count(engine) == 3


def test_an_empty_migrated_database_at_the_same_revision_is_accepted(exported: Folder, new_database: NewDatabase
                                                                     ) -> None:  # fmt: skip
    target = new_database()
    migrate(target)
    restore_all(target, exported)
    assert _count(target) == 3


def test_a_bad_value_names_file_line_column_and_value_and_nothing_lands(exported: Folder,
                                                                        new_database: NewDatabase) -> None:  # fmt: skip
    _rewrite(exported.path / "partners.jsonl", {"joined_on": "31/02/2026"})
    target = new_database()

    with pytest.raises(RestoreError) as refused:
        restore_all(target, exported)

    assert (refused.value.file, refused.value.line, refused.value.column, refused.value.value) == (
        "partners.jsonl", 2, "joined_on", "31/02/2026")
    assert "partners.jsonl, line 2, column 'joined_on' (value '31/02/2026')" in str(refused.value)
    assert _count(target) == 0


def test_a_file_changed_after_the_export_is_refused(exported: Folder, new_database: NewDatabase) -> None:
    _rewrite(exported.path / "partners.jsonl", {"name": "Someone Else"})
    target = new_database()
    with pytest.raises(RestoreError, match="partners.jsonl: .*SHA-256 differs"):
        restore_all(target, exported)
    assert _count(target) == 0


def test_a_missing_file_is_named(exported: Folder, new_database: NewDatabase) -> None:
    (exported.path / "touches.jsonl").unlink()
    with pytest.raises(RestoreError, match="touches.jsonl: is listed in manifest.json but missing"):
        restore_all(new_database(), exported)


def test_an_export_of_some_tables_is_not_restored(engine: Engine, new_database: NewDatabase, tmp_path: Path) -> None:
    _seed(engine)
    folder = Folder(tmp_path / "some")
    folder.create()
    export_all(engine, folder, only=["partners"])
    assert [p.name for p in sorted(folder.path.glob("*.jsonl"))] == ["partners.jsonl"]
    with pytest.raises(RestoreError, match="holds only some tables"):
        restore_all(new_database(), folder)


def test_an_export_from_an_unknown_schema_revision_is_refused(exported: Folder, new_database: NewDatabase) -> None:
    manifest = json.loads((exported.path / "manifest.json").read_text())
    (exported.path / "manifest.json").write_text(json.dumps(manifest | {"schema_revision": "9999"}))
    with pytest.raises(RestoreError, match="schema revision '9999' is unknown"):
        restore_all(new_database(), exported)


def test_a_directory_that_is_no_export_is_named(new_database: NewDatabase, tmp_path: Path) -> None:
    with pytest.raises(RestoreError, match="no manifest.json"):
        restore_all(new_database(), Folder(tmp_path))
