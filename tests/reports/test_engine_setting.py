"""`partnerops report impact` aggregates where PARTNEROPS_ENGINE says and prints the same report on each engine;
a setting it does not know is one clear line."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from analytics.planted_program import TODAY, plant, store
from partnerops.attribution.service import run_attribution
from partnerops.cli.main import app

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
runner = CliRunner()
ARGS = ["report", "impact", "--as-of", TODAY.isoformat()]


def test_the_ibis_engine_on_duckdb_prints_the_same_report(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store(cli_engine, *plant(seed=3, count=300))
    run_attribution(cli_engine, analytics_engine="sql")
    in_process = runner.invoke(app, ARGS, terminal_width=200)
    monkeypatch.setenv("PARTNEROPS_ENGINE", "duckdb")
    on_ibis = runner.invoke(app, ARGS, terminal_width=200)
    assert in_process.exit_code == 0, in_process.output
    assert "Attach rate" in in_process.output
    assert on_ibis.output == in_process.output


def test_an_unknown_engine_is_one_line_and_exit_status_2(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store(cli_engine, *plant(seed=3, count=50))
    run_attribution(cli_engine, analytics_engine="sql")
    monkeypatch.setenv("PARTNEROPS_ENGINE", "hadoop")
    result = runner.invoke(app, ARGS)
    assert result.exit_code == 2
    assert "PARTNEROPS_ENGINE must be one of sql, duckdb, spark, not 'hadoop'" in result.output
