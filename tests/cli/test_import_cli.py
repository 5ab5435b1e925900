"""`partnerops import` as a user runs it, on a SQLite file named by PARTNEROPS_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

runner = CliRunner()


def said(output: str) -> str:
    """The output with the terminal's line wrapping undone."""
    return " ".join(output.split())
ACCOUNTS = "id,name,country\nA1,Acme,DE\nA2,Beta,US\nA3,,US\n"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("PARTNEROPS_ACTOR", "ops@example.com")
    return path


def test_import_prints_counts_and_the_first_problems(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS)
    result = runner.invoke(app, ["import", "accounts", str(path)])
    assert result.exit_code == 0, result.output
    assert "read 3 rows: 2 inserted, 0 updated, 0 unchanged, 1 quarantined" in said(result.output)
    assert "row 4: name: name is blank" in said(result.output)
    again = runner.invoke(app, ["import", "accounts", str(path)])
    assert "0 inserted, 0 updated, 2 unchanged, 1 quarantined" in said(again.output)


def test_missing_column_is_one_line_and_exit_2(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("id,title\nA1,Acme\n")
    result = runner.invoke(app, ["import", "accounts", str(path)])
    assert result.exit_code == 2
    assert "accounts.csv: missing required column(s) for accounts: 'name'" in said(result.output)
    assert "Traceback" not in said(result.output)


def test_map_flag_reads_renamed_headers(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("Account,Company\nA1,Acme\n")
    result = runner.invoke(app, ["import", "accounts", str(path), "--map", "id=Account", "--map", "name=Company"])
    assert result.exit_code == 0 and "1 inserted" in said(result.output)


def test_mapping_file_supplies_columns_and_stages(database: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,name\nA1,Acme\n")
    runner.invoke(app, ["import", "accounts", str(tmp_path / "a.csv")])
    (tmp_path / "map.yaml").write_text("columns:\n  amount: Deal Value\nstages:\n  Signed: won\n")
    (tmp_path / "d.csv").write_text("id,account_id,name,Deal Value,stage,created_on\nO1,A1,x,10,Signed,2026-01-01\n")
    result = runner.invoke(app, ["import", "opportunities", str(tmp_path / "d.csv"), "--mapping",
                                 str(tmp_path / "map.yaml"), "--currency", "usd"])
    assert result.exit_code == 0, result.output
    assert "1 inserted" in said(result.output)


def test_empty_file_exits_2_and_header_only_file_exits_1(database: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header.csv").write_text("id,name\n")
    assert runner.invoke(app, ["import", "accounts", str(tmp_path / "empty.csv")]).exit_code == 2
    header_only = runner.invoke(app, ["import", "accounts", str(tmp_path / "header.csv")])
    assert header_only.exit_code == 1 and "no rows to import" in said(header_only.output)


def test_all_rows_quarantined_still_exits_0(database: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,name\nA1,\n")
    assert runner.invoke(app, ["import", "accounts", str(tmp_path / "a.csv")]).exit_code == 0


def test_help_explains_the_default_touch_status(database: Path) -> None:
    result = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    assert "sales already logged" in said(result.output)
