"""`partnerops quarantine list|show|retry|discard`: the round trip a user makes after an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

runner = CliRunner()


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    (tmp_path / "accounts.csv").write_text("id,name\nA1,Acme\n")
    (tmp_path / "deals.csv").write_text("id,account_id,name,amount,currency,stage,created_on\n"
                                        "O1,A1,x,,USD,Open,2026-01-01\nO2,A1,y,5,USD,Open,2026-01-01\n")
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv")])
    result = runner.invoke(app, ["import", "opportunities", str(tmp_path / "deals.csv")])
    assert "1 quarantined" in result.output
    return tmp_path


def test_list_shows_the_row_field_and_reason(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "list", "--file", "deals.csv"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "deals.csv" in result.output and "amount is blank" in result.output


def test_show_prints_the_raw_row(imported: Path) -> None:
    result = runner.invoke(app, ["quarantine", "show", "1"])
    assert "row 2" in result.output and 'name: "x"' in result.output


def test_retry_with_set_lands_the_row(imported: Path) -> None:
    still_bad = runner.invoke(app, ["quarantine", "retry", "1", "--set", "amount=abc"])
    assert still_bad.exit_code == 1 and "is not an amount" in still_bad.output
    fixed = runner.invoke(app, ["quarantine", "retry", "1", "--set", "amount=1200"])
    assert fixed.exit_code == 0 and "imported" in fixed.output
    listed = runner.invoke(app, ["quarantine", "list"])
    assert "no quarantined rows match" in listed.output


def test_discard_then_retry_is_a_clear_error(imported: Path) -> None:
    assert runner.invoke(app, ["quarantine", "discard", "1"]).exit_code == 0
    result = runner.invoke(app, ["quarantine", "retry", "1"])
    assert result.exit_code == 2 and "quarantine entry 1 is discarded" in result.output
    assert runner.invoke(app, ["quarantine", "show", "99"]).exit_code == 2
