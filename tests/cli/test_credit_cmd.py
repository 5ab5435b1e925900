"""`partnerops attribution credit|compare|paths` as a user runs them, on a SQLite file."""

import csv
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


def test_credit_as_json_gives_exact_decimal_credits_per_partner(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "credit", "--model", "linear", "--format", "json"])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.output)
    assert {r["group"]: r["credits"]["linear"] for r in tree["rows"]} == {
        "Acme Cloud": "833.34",
        "Bolt SI": "500.00",
        "Crest Resell": "500.00",
    }


def test_credit_by_type_as_csv_has_one_row_per_group_and_model(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "credit", "--model", "all", "--by", "type", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert len(rows) == 3 * 8
    assert {r["model"] for r in rows} >= {"markov", "shapley", "shapley_coalition", "position"}


def test_compare_prints_every_model_side_by_side(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "compare"], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "Markov" in result.output and "Shapley" in result.output and "1,000.01" in result.output


def test_credit_in_an_unknown_currency_exits_2(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "credit", "--currency", "XYZ"])
    assert result.exit_code == 2


def test_paths_writes_channel_credits(tmp_path: Path) -> None:
    source = tmp_path / "paths.csv"
    source.write_text("path,total_conversions,total_conversion_value,total_null\na > b,2,20,1\nb,1,5,3\n")
    out = tmp_path / "result.csv"
    result = runner.invoke(app, ["attribution", "paths", str(source), "--model", "last_touch", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines() == [
        "channel,total_conversions,total_conversion_value",
        "a,0.0,0.0",
        "b,3.0,25.0",
    ]


def test_paths_with_a_missing_column_exits_2_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "paths.csv"
    source.write_text("route,total_conversions\na,1\n")
    result = runner.invoke(app, ["attribution", "paths", str(source), "--model", "markov", "--out", "x.csv"])
    assert result.exit_code == 2
    assert "missing column(s) path" in result.output


def test_credit_says_which_convention_its_markov_credit_used(database: Engine) -> None:
    result = runner.invoke(app, ["attribution", "credit", "--model", "markov"], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "markov: journey convention, each deal split among its own partners" in result.output
    result = runner.invoke(app, ["attribution", "credit", "--model", "markov", "--convention", "global"])
    assert result.exit_code == 0, result.output
    assert "markov: global convention" in result.output


def test_paths_defaults_to_the_same_convention_and_global_matches_channelattributions_totals(tmp_path: Path) -> None:
    file, out = tmp_path / "paths.csv", tmp_path / "credits.csv"
    file.write_text("path,total_conversions,total_conversion_value,total_null\na > b,2,200,0\nc,1,100,1\n")
    result = runner.invoke(app, ["attribution", "paths", str(file), "--model", "markov", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "markov: journey convention, each path split among its own partners" in result.output
    assert [r["total_conversions"] for r in csv.DictReader(out.read_text().splitlines())] == ["1.0", "1.0", "1.0"]
    args = ["attribution", "paths", str(file), "--model", "markov", "--out", str(out), "--convention", "global"]
    assert runner.invoke(app, args).exit_code == 0
    shares = [float(r["total_conversions"]) for r in csv.DictReader(out.read_text().splitlines())]
    assert shares == pytest.approx([1.2, 1.2, 0.6])
