"""The attribution and policy commands as a user runs them, on a SQLite file."""

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.store.tables import opportunities
from sample_data import seed_two_deals

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine) -> Engine:
    seed_two_deals(cli_engine)
    return cli_engine


def test_run_then_explain_prints_the_sentence_finance_reads(database: Engine) -> None:
    ran = runner.invoke(app, ["attribution", "run"])
    assert ran.exit_code == 0, ran.output
    assert "policy 2026.1" in ran.output
    explained = runner.invoke(app, ["attribution", "explain", "O1"], terminal_width=200)
    assert explained.exit_code == 0, explained.output
    assert "Acme Cloud: co-sell — executive_intro 2026-03-02, poc 2026-04-11" in explained.output
    assert "rejected by sales" in explained.output


def test_explain_as_json_lists_evidence(database: Engine) -> None:
    runner.invoke(app, ["attribution", "run"])
    explained = runner.invoke(app, ["attribution", "explain", "O2", "--json"])
    assert '"tier": "sourced"' in explained.output
    assert '"type": "referral"' in explained.output


def test_explain_before_a_run_exits_2_with_the_next_step(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "explain", "O1"])
    assert result.exit_code == 2
    assert "partnerops attribution run" in result.output


def test_edited_policy_with_its_own_version_runs_beside_the_default(database: Engine, tmp_path: Path) -> None:
    policy = tmp_path / "strict.yaml"
    assert runner.invoke(app, ["policy", "init", str(policy)]).exit_code == 0
    policy.write_text(
        policy.read_text()
        .replace('version: "2026.1"', 'version: "strict"')
        .replace("co_sell_threshold: 2", "co_sell_threshold: 3")
    )
    assert runner.invoke(app, ["policy", "check", str(policy)]).exit_code == 0
    assert runner.invoke(app, ["attribution", "run"]).exit_code == 0
    assert runner.invoke(app, ["attribution", "run", "--policy", str(policy)]).exit_code == 0
    runs = runner.invoke(app, ["attribution", "runs"], terminal_width=200)
    assert "2026.1" in runs.output and "strict" in runs.output


def test_policy_check_names_the_bad_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: x\nco_sell_threshold: zero\n")
    result = runner.invoke(app, ["policy", "check", str(bad)])
    assert result.exit_code == 2
    assert "co_sell_threshold" in result.output


def test_explaining_a_deal_deleted_in_the_crm_exits_2_saying_so(database: Engine) -> None:
    with database.begin() as connection:
        connection.execute(
            update(opportunities).where(opportunities.c.external_id == "O1").values(deleted_at=datetime(2026, 7, 2))
        )
    runner.invoke(app, ["attribution", "run"])
    result = runner.invoke(app, ["attribution", "explain", "O1"], terminal_width=200)
    assert result.exit_code == 2
    assert "opportunity 'O1' was deleted in salesforce (marked 2026-07-02)" in result.output
