"""The commands as a user types them: `partnerops export --all DIR`, `partnerops restore DIR` into a new database
file, and `partnerops backup FILE`, with a clear line and exit status 2 when they cannot go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.store.database import make_engine
from partnerops.store.tables import partners
from portability.portability_world import every_row

runner = CliRunner()


@pytest.fixture
def seeded(cli_engine: Engine) -> Engine:
    with cli_engine.begin() as conn:
        conn.execute(insert(partners), [{"source_system": "csv", "external_id": f"PRT-{i}", "name": f"Partner {i}",
                                         "type": "technology"} for i in range(3)])  # fmt: skip
    return cli_engine


def test_export_all_then_restore_into_a_new_file_gives_back_every_row(
    seeded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = runner.invoke(app, ["export", "--all", str(tmp_path / "export")])
    assert exported.exit_code == 0, exported.output
    assert "partners" in exported.output and "exported" in exported.output
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text())
    assert {t["name"]: t["rows"] for t in manifest["tables"]}["partners"] == 3
    assert (tmp_path / "export" / "README.md").read_text().startswith("# PartnerOps export format")

    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    restored = runner.invoke(app, ["restore", str(tmp_path / "export")])

    assert restored.exit_code == 0, restored.output
    assert "restored" in restored.output
    assert every_row(make_engine(f"sqlite:///{tmp_path / 'restored.db'}")) == every_row(seeded)


def test_export_without_credentials_leaves_out_every_password_hash_and_token(seeded: Engine, tmp_path: Path) -> None:
    from partnerops.auth.tokens import create_token
    from partnerops.auth.users import add_user
    from partnerops.domain.roles import Role

    with seeded.begin() as conn:
        user = add_user(conn, "ops@example.com", Role.ADMIN, password="correct horse battery staple")
        create_token(conn, user.id, "integration")
    result = runner.invoke(app, ["export", "--all", "--without-credentials", str(tmp_path / "export")])

    assert result.exit_code == 0, result.output
    users = [json.loads(line) for line in (tmp_path / "export" / "users.jsonl").read_text().splitlines()]
    assert [(u["email"], u["password_hash"]) for u in users] == [("ops@example.com", None)]
    assert not (tmp_path / "export" / "api_tokens.jsonl").exists()
    assert "argon2" not in "".join(p.read_text() for p in (tmp_path / "export").glob("*.jsonl"))


def test_export_asks_for_all_or_named_tables_and_an_empty_directory(seeded: Engine, tmp_path: Path) -> None:
    neither = runner.invoke(app, ["export", str(tmp_path / "export")])
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    full = runner.invoke(app, ["export", "--all", str(tmp_path / "full")])

    assert (neither.exit_code, full.exit_code) == (2, 2)
    assert "say --all for every table" in neither.output
    assert "is not empty" in full.output
    assert (tmp_path / "full" / "notes.txt").read_text() == "keep me"


def test_restore_into_a_database_with_records_says_so(seeded: Engine, tmp_path: Path) -> None:
    runner.invoke(app, ["export", "--all", str(tmp_path / "export")])
    result = runner.invoke(app, ["restore", str(tmp_path / "export")])
    assert result.exit_code == 2
    assert "already holds records (in partners)" in " ".join(result.output.split())


def test_backup_writes_a_copy_and_says_how_to_use_it(seeded: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["backup", str(tmp_path / "partnerops-copy.db")])
    again = runner.invoke(app, ["backup", str(tmp_path / "partnerops-copy.db")])

    assert result.exit_code == 0, result.output
    assert "a SQLite database" in result.output
    assert every_row(make_engine(f"sqlite:///{tmp_path / 'partnerops-copy.db'}")) == every_row(seeded)
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_backup_of_a_database_that_does_not_exist_creates_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'typo.db'}")
    result = runner.invoke(app, ["backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert not (tmp_path / "typo.db").exists()
