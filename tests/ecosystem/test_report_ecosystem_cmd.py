"""`partnerops report ecosystem` and the revenue imports as a user runs them, on a SQLite file named by
PARTNEROPS_DATABASE_URL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from ecosystem.ecosystem_kit import seed_records
from ecosystem.ecosystem_world import plant
from partnerops.cli.main import app

runner = CliRunner()
STRIPE = Path(__file__).parents[1] / "fixtures" / "exports" / "stripe" / "invoices.csv"


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", "ecosystem", "--as-of", "2026-12-31", "--draws", "100", *args],
                           terminal_width=250)  # fmt: skip
    return result.exit_code, result.output


def said(output: str) -> str:
    return " ".join(output.split())


def test_the_table_shows_retention_value_and_return_per_group(cli_engine: Engine) -> None:
    plant(cli_engine)
    code, output = invoke("--margin", "80%")
    assert code == 0, output
    assert "Ecosystem report: 2025-12-31 to 2026-12-31 (12 months), in USD" in output
    for title in ("By source: retention and value", "By attribution tier", "By partner: retention",
                  "Return on partner investment (USD, margin 0.8)", "ARR movements per month"):  # fmt: skip
        assert title in output
    assert "partner-sourced" in output and "Acme Cloud" in output and "Bolt Systems" in output
    assert "seed" in output and "derived from the data" in said(output)


def test_explain_prints_each_figures_formula_and_inputs(cli_engine: Engine) -> None:
    plant(cli_engine)
    code, output = invoke("--explain")
    text = said(output)
    assert code == 0, output
    assert "Acme Cloud (partner) ropi = attributed revenue × margin ÷ (commissions paid + MDF spent + other " \
           "program costs). Inputs:" in text
    assert "commissions paid 3,000.00 USD" in text
    assert "partner-sourced (source) lifetime_value = ARR per customer at the start × margin ÷ annual churn" in text


def test_json_csv_and_html_carry_the_same_figures(cli_engine: Engine, tmp_path: Path) -> None:
    plant(cli_engine)
    code, output = invoke("--format", "json", "--html", str(tmp_path / "ecosystem.html"))
    assert code == 0, output
    tree = json.loads(output[: output.rindex("}") + 1])["ecosystem"]
    acme = next(g for g in tree["groups"] if g["key"] == "P-ACME")
    code, table = invoke("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table)))
    nrr = next(r for r in rows if r["key"] == "P-ACME" and r["metric"] == "nrr")
    assert nrr["value"] == acme["nrr"]["value"] and nrr["low"] == acme["nrr"]["low"]
    page = (tmp_path / "ecosystem.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "Acme Cloud" in page and "http://" not in page.replace(
        "http://www.w3.org", "")  # fmt: skip


def test_without_an_attribution_run_the_report_says_what_to_run(cli_engine: Engine) -> None:
    code, output = invoke()
    assert code == 2
    assert "run `partnerops attribution run` first" in output


def test_a_margin_that_is_no_share_is_refused(cli_engine: Engine) -> None:
    plant(cli_engine)
    code, output = invoke("--margin", "1.5")
    assert code == 2 and "above 0 and at most 1" in said(output)


def test_stripe_invoices_import_from_the_command_line(cli_engine: Engine) -> None:
    seed_records(cli_engine)
    result = runner.invoke(app, ["import", "revenue", str(STRIPE), "--format", "stripe", "--ref", "account=csv"],
                           terminal_width=250)  # fmt: skip
    text = said(result.output)
    assert result.exit_code == 0, result.output
    assert "read 6 rows: 3 inserted, 0 updated, 0 unchanged, 2 quarantined, 1 deleted" in text
    assert "quarantined row 6: ends_on: a service period of 20 days is neither a month, a quarter nor a year" in text


def test_without_revenue_the_report_says_what_to_import(cli_engine: Engine, tmp_path: Path) -> None:
    from sqlalchemy import delete

    from partnerops.store.ecosystem_tables import revenue_periods

    plant(cli_engine)
    with cli_engine.begin() as conn:
        conn.execute(delete(revenue_periods))
    code, output = invoke("--html", str(tmp_path / "empty.html"))
    assert code == 0, output
    assert "no revenue is imported: import it with `partnerops import revenue FILE`" in said(output)
    assert (tmp_path / "empty.html").exists()
