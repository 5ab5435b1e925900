"""`partnerops report attribution`: every model side by side, and a self-contained HTML page."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from analytics.credit.credit_seed import seed_credit_program
from partnerops.cli.main import app

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine) -> Engine:
    seed_credit_program(cli_engine)
    assert runner.invoke(app, ["attribution", "run"]).exit_code == 0
    return cli_engine


def test_report_writes_a_self_contained_page_with_both_charts(database: Engine, tmp_path: Path) -> None:
    page = tmp_path / "credit.html"
    result = runner.invoke(app, ["report", "attribution", "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert html.count("<svg") == 2
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "Crest Resell" in html and "1,833.34 USD" in html


def test_report_by_period_as_json_sums_each_quarter_for_every_model(database: Engine) -> None:
    result = runner.invoke(app, ["report", "attribution", "--by", "period", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert [set(r["credits"].values()) for r in rows] == [{"1000.00"}, {"833.34"}]


def test_report_before_any_run_exits_2(cli_engine: Engine) -> None:
    result = runner.invoke(app, ["report", "attribution"])
    assert result.exit_code == 2
    assert "partnerops attribution run" in result.output
