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


def test_import_loads_enablement_completions_that_enablement_show_then_lists(database: Path, tmp_path: Path) -> None:
    (tmp_path / "partners.csv").write_text("id,name,type\nP1,Acme Cloud,reseller\n")
    (tmp_path / "completions.csv").write_text("id,partner_id,course,kind,person,completed_on,expires_on\n"
                                              "C1,P1,Admin basics,course,Ann,2026-01-10,\n"
                                              "C2,P1,Admin basics,webinar,Ben,2026-01-10,\n")  # fmt: skip
    assert runner.invoke(app, ["import", "partners", str(tmp_path / "partners.csv")]).exit_code == 0
    result = runner.invoke(app, ["import", "enablement", str(tmp_path / "completions.csv")])
    again = runner.invoke(app, ["import", "enablement", str(tmp_path / "completions.csv")])
    shown = runner.invoke(app, ["enablement", "show", "1"])
    assert result.exit_code == 0, result.output
    assert "(enablement, encoding utf-8): read 2 rows: 1 inserted, 0 updated, 0 unchanged, 1 quarantined" in said(
        result.output)
    assert "row 3: kind" in said(result.output) and "expected one of: course, certification" in said(result.output)
    assert "0 inserted, 0 updated, 1 unchanged, 1 quarantined" in said(again.output)
    assert "2026-01-10 course: Admin basics — Ann" in said(shown.output) and "Ben" not in shown.output


def test_import_quarantines_a_psat_score_off_the_scale(database: Path, tmp_path: Path) -> None:
    (tmp_path / "partners.csv").write_text("id,name,type\nP1,Acme Cloud,reseller\n")
    (tmp_path / "psat.csv").write_text("id,partner_id,responded_on,score,comment\n"
                                       "S1,P1,2026-03-01,9,quick answers\n"
                                       "S2,P1,2026-03-02,11,off the scale\n")  # fmt: skip
    runner.invoke(app, ["import", "partners", str(tmp_path / "partners.csv")])
    result = runner.invoke(app, ["import", "psat", str(tmp_path / "psat.csv")])
    assert result.exit_code == 0, result.output
    assert "read 2 rows: 1 inserted, 0 updated, 0 unchanged, 1 quarantined" in said(result.output)
    assert "row 3: score" in said(result.output) and "'11'" in said(result.output)
