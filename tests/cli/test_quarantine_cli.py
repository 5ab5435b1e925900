"""`partnerops quarantine list|show|retry|discard`: the round trip a user makes after an import, one entry at a
time or a whole class of rows at once."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

runner = CliRunner()
DEALS = ("id,account_id,name,amount,currency,stage,created_on,closed_on\n"
         "O1,A1,x,,USD,Closed Won,2026-01-01,2026-02-01\nO2,A1,y,5,USD,Open,2026-01-01,\n"
         "O3,A1,z,5,USD,Open,2026.04.03,\nO4,A1,w,5,USD,Open,2026.04.05,\n")


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    (tmp_path / "accounts.csv").write_text("id,name,country\nA1,Acme,Narnia\n")
    (tmp_path / "deals.csv").write_text(DEALS)
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv")])
    result = runner.invoke(app, ["import", "opportunities", str(tmp_path / "deals.csv")])
    assert "3 quarantined" in result.output
    return tmp_path


def test_list_shows_the_row_field_and_reason_and_a_summary_by_reason(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "list", "--file", "deals.csv"])
    assert result.exit_code == 0
    assert "deals.csv" in result.output and "amount is blank for a won deal" in result.output
    assert "2  opportunities created_on (error): '…' is not a date" in result.output


def test_list_separates_warnings_from_errors(imported: Path) -> None:
    warnings = runner.invoke(app, ["quarantine", "list", "--warnings"])
    assert "Narnia" in warnings.output and "not a date" not in warnings.output
    errors = runner.invoke(app, ["quarantine", "list", "--errors", "--field", "created_on"])
    assert "Narnia" not in errors.output and "2026.04.03" in errors.output and "2026.04.05" in errors.output


def test_list_as_json_and_csv_carries_every_problem(imported: Path) -> None:
    listed = json.loads(runner.invoke(app, ["quarantine", "list", "--format", "json", "--reason", "won"]).output)
    assert [(e["record_key"], e["errors"][0]["field"]) for e in listed] == [("O1", "amount")]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["quarantine", "list", "--format", "csv"]).output)))
    assert sorted(r["record_key"] for r in rows) == ["A1", "O1", "O3", "O4"]


def test_show_prints_the_problems_and_the_raw_row(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "show", "2"])
    assert "row 2" in result.output and 'name: "x"' in result.output
    assert "amount: amount is blank for a won deal" in result.output


def test_retry_with_set_lands_the_row(imported: Path) -> None:
    still_bad = runner.invoke(app, ["quarantine", "retry", "2", "--set", "amount=abc"])
    assert still_bad.exit_code == 1 and "is not an amount" in still_bad.output
    fixed = runner.invoke(app, ["quarantine", "retry", "2", "--set", "amount=1200"])
    assert fixed.exit_code == 0 and "imported" in fixed.output


def test_bulk_retry_with_a_date_format_reports_landed_and_still_open(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "retry", "--errors", "--date-format", "%Y.%m.%d"])
    assert result.exit_code == 0
    assert "2 landed, 1 still open" in result.output and "amount (error): amount is blank" in result.output
    listed = runner.invoke(app, ["quarantine", "list", "--field", "created_on"])
    assert "no quarantined rows match" in listed.output


def test_retry_of_a_warning_with_set_fixes_the_landed_record(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "retry", "--warnings", "--set", "country=DE"])
    assert "1 landed, 0 still open" in result.output
    assert "no quarantined rows match" in runner.invoke(app, ["quarantine", "list", "--warnings"]).output


def test_discard_then_retry_is_a_clear_error(imported: Path) -> None:
    assert runner.invoke(app, ["quarantine", "discard", "1"]).exit_code == 0
    result = runner.invoke(app, ["quarantine", "retry", "1"])
    assert result.exit_code == 2 and "quarantine entry 1 is discarded" in result.output
    assert runner.invoke(app, ["quarantine", "show", "99"]).exit_code == 2


def test_discard_of_many_needs_a_filter(imported: Path) -> None:
    assert runner.invoke(app, ["quarantine", "discard"]).exit_code == 2
    result = runner.invoke(app, ["quarantine", "discard", "--reason", "not a date"])
    assert "2 entries discarded" in result.output
