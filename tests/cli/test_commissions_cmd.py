"""The commissions commands as finance runs them on a SQLite file: plan, accrue, statement, payouts, disputes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from typer.testing import CliRunner

from commissions.commission_kit import ALPHA, Deals, attribute, plan_text, seed_partners
from partnerops.cli.main import app

runner = CliRunner()


@pytest.fixture
def program(cli_engine: Engine, tmp_path: Path) -> Path:
    """Alpha sourced a 60,000 deal in July 2026; returns the plan file."""
    seed_partners(cli_engine)
    Deals(cli_engine).won("60000.00", date(2026, 7, 10), {ALPHA: "sourced"})
    attribute(cli_engine)
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text())
    return path


def _run(*args: str) -> str:
    result = runner.invoke(app, ["commissions", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_then_accrue_then_statement_then_payout(program: Path, tmp_path: Path) -> None:
    assert "plan 2026.1 is valid" in _run("plan", "check", str(program))
    assert "loaded" in _run("plan", "load", str(program))
    assert "already loaded, unchanged" in _run("plan", "load", str(program))
    assert "1 credits accrued" in _run("accrue", "--as-of", "2026-09-30")
    assert "0 credits accrued, 0 tracked (not paid), 1 unchanged" in _run("accrue", "--as-of", "2026-09-30")
    statement = _run("statement", "PA", "--period", "2026-Q3")
    # 50,000 at 20% and 10,000 at 40%.
    assert "14,000.00 USD" in statement and "closing balance owed: 14,000.00 USD" in statement
    assert _run("statement", "Alpha Cloud", "--period", "2026-Q3", "--format", "csv").startswith("line,booked_on")
    page = tmp_path / "statement.html"
    _run("statement", "PA", "--period", "2026-Q3", "--format", "html", "--out", str(page))
    assert "@media print" in page.read_text()
    pdf = tmp_path / "statement.pdf"
    _run("statement", "PA", "--period", "2026-Q3", "--format", "pdf", "--out", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Commission statement — Alpha Cloud" in text and "14,000.00 USD" in text and "accrual" in text
    drafted = _run("payouts", "create", "--through", "2026-09-30", "--pay-on", "2026-10-15")
    assert "batch 1: draft" in drafted and "partner PA: 14,000.00 USD" in drafted  # named by its own id
    _run("payouts", "approve", "1")
    assert "batch 1: paid" in _run("payouts", "pay", "1", "--on", "2026-10-15")
    assert "paid" in _run("payouts", "list")
    ledger = _run("ledger")
    (cash,) = [line.replace("│", " ").split() for line in ledger.splitlines() if " cash " in line]
    assert cash == ["cash", "USD", "-14,000.00"]
    assert {"account": "cash", "currency": "USD", "balance": "-14000.00"} in json.loads(
        _run("ledger", "--format", "json"))
    assert ",payout,PA,Alpha Cloud,commission_payable,USD,14000.00," in _run("export")


def test_adjust_then_dispute_then_resolve(program: Path) -> None:
    _run("plan", "load", str(program))
    assert "statement line 1" in _run("adjust", "PA", "250.00", "USD", "--reason", "launch spiff", "--on",
                                      "2026-08-01")
    assert "dispute 1 opened on line 1" in _run("disputes", "open", "1", "--claim", "should be 300",
                                                  "--evidence", "email 2026-08-02")
    assert "dispute 1: accepted" in _run("disputes", "resolve", "1", "--accept", "--amount", "50.00",
                                         "--resolution", "agreed")
    assert "accepted" in _run("disputes", "list")
    assert json.loads(_run("disputes", "list", "--format", "json"))[0]["partner"] == "PA"


def test_bad_input_exits_2_with_the_reason(program: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(plan_text().replace("rate: 0.40", "rate: 4"))
    checked = runner.invoke(app, ["commissions", "plan", "check", str(broken)])
    assert checked.exit_code == 2 and "bands.1.rate" in checked.output
    no_plan = runner.invoke(app, ["commissions", "accrue"])
    assert no_plan.exit_code == 2 and "plan load" in no_plan.output
    unknown = runner.invoke(app, ["commissions", "statement", "1", "--period", "2026-Q3"])  # a row number names none
    assert unknown.exit_code == 1 and "there is no partner '1'" in unknown.output
    period = runner.invoke(app, ["commissions", "statement", "PA", "--period", "Q3"])
    assert period.exit_code == 2 and "2026-Q3" in period.output
    code = runner.invoke(app, ["commissions", "adjust", "PA", "10", "XYZ", "--reason", "spiff"])
    assert code.exit_code == 2 and "'XYZ' is not a currency code (ISO 4217, such as USD or EUR)" in code.output
    reason = runner.invoke(app, ["commissions", "adjust", "PA", "10", "USD", "--reason", " "])
    assert reason.exit_code == 2 and "needs a reason" in reason.output


def test_events_import_reports_new_and_quarantined_rows(program: Path, tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,opportunity_id,type,occurred_on,amount,currency\nR1,O1,refund,2026-08-01,,USD\n"
                      "R2,O1,refund,someday,,USD\n")
    output = _run("events", "import", str(events))
    assert "1 new" in output and "1 quarantined" in output and "occurred_on" in output
