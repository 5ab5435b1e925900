"""`partnerops report impact` as a user runs it, on a SQLite file named by PARTNEROPS_DATABASE_URL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from analytics.impact_rows import ImpactRows
from partnerops.cli.main import app

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine) -> Engine:
    return cli_engine


def seed(engine: Engine, currency: str = "USD") -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("EUR", date(2024, 1, 1), "1.1")
        rows.rate("USD", date(2024, 1, 1), "0.5", quote="EUR")
        acme = rows.partner("Acme Cloud", joined_on=date(2024, 12, 1))
        for outcome, closed in [("won", date(2025, 2, 1)), ("won", date(2025, 5, 1)), ("lost", date(2025, 5, 2))]:
            rows.deal(outcome, 100_00, currency=currency, closed_on=closed, partners={acme: "sourced"})
        rows.deal("won", 100_00, closed_on=date(2025, 2, 3))
        rows.deal("lost", 100_00, closed_on=date(2025, 2, 4))


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", "impact", "--as-of", "2026-01-15", *args], terminal_width=200)
    return result.exit_code, result.output


def test_table_output_shows_the_comparison_and_the_run(database: Engine) -> None:
    seed(database)
    code, output = invoke()
    assert code == 0, output
    assert "Overall uplift: 1.33× (95% CI 0.36–3.99×)" in output
    assert "66.7%" in output and "50.0%" in output
    assert "policy v1" in output


def test_json_output_by_month_in_euros(database: Engine) -> None:
    seed(database, currency="EUR")
    code, output = invoke("--format", "json", "--period", "month", "--currency", "eur", "--policy-version", "v1")
    assert code == 0, output
    tree = json.loads(output)
    assert [p["scope"] for p in tree["by_period"]] == ["2025-02", "2025-05"]
    won = {m["tier"]: m["amount"] for m in tree["mix"] if m["period"] == "all" and m["won"]}
    assert won == {"sourced": {"amount": "200.00", "currency": "EUR"}, "direct": {"amount": "50.00", "currency": "EUR"}}


def test_csv_output_with_a_date_window(database: Engine) -> None:
    seed(database)
    code, output = invoke("--format", "csv", "--since", "2025-05-01", "--until", "2025-12-31")
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    overall = {r["key"]: r["value"] for r in rows if r["section"] == "win_rate" and r["scope"] == "all"}
    assert overall["attached"] == "0.5" and overall["direct"] == ""  # no direct deal closed in the window
    uplift = next(r for r in rows if r["section"] == "uplift" and r["scope"] == "all")
    assert uplift["value"] == "" and "no closed direct deals" in uplift["note"]


def test_html_option_writes_a_page(database: Engine, tmp_path: Path) -> None:
    seed(database)
    page = tmp_path / "impact.html"
    code, output = invoke("--html", str(page))
    assert code == 0, output
    assert page.read_text(encoding="utf-8").count("<svg") == 8


def test_without_an_attribution_run_the_command_says_what_to_do(database: Engine) -> None:
    code, output = invoke()
    assert code == 2
    assert "partnerops attribution run" in output


def test_a_missing_rate_exits_2_naming_the_currency(database: Engine) -> None:
    seed(database, currency="GBP")
    code, output = invoke()
    assert code == 2
    assert "no GBP to USD rate valid on or before 2025-02-01" in " ".join(output.split())


def test_bands_option_sets_the_deal_size_bands_of_the_json(database: Engine) -> None:
    seed(database)
    code, output = invoke("--format", "json", "--bands", "50,150")
    assert code == 0, output
    tree = json.loads(output)
    assert tree["bands"] == ["<50", "50–150", "≥150"]
    assert [band["band"] for band in tree["attachment"]] == tree["bands"]
    assert {"raw", "regression", "mantel_haenszel", "incremental"} <= set(tree["adjusted"])
    assert "delta method" in tree["adjusted"]["regression_interval"]


def test_bands_out_of_order_exit_2_with_the_rule(database: Engine) -> None:
    seed(database)
    code, output = invoke("--bands", "100000,25000")
    assert code == 2
    assert "positive whole amounts in increasing order" in output


def test_by_option_shows_only_the_breakdowns_asked_for(database: Engine) -> None:
    seed(database)
    code, output = invoke("--by", "owner", "--by", "deal_type")
    assert code == 0, output
    assert "Closed deals by owner" in output and "Closed deals by deal type" in output
    assert "Closed deals by tier" not in output and "Closed deals by product" not in output


def test_open_deals_without_an_amount_are_counted_and_left_out_of_the_sums(database: Engine) -> None:
    seed(database)
    with database.begin() as connection:
        ImpactRows(connection).deal("open", None, stage="Discovery")
    code, output = invoke()
    assert code == 0, output
    assert "1 open deal without a known amount: counted in the deals column, left out of the amounts." in output
    code, output = invoke("--format", "json")
    assert json.loads(output)["pipeline_unknown_amounts"] == 1
