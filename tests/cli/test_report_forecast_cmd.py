"""`partnerops report forecast` as a user runs it, on a SQLite file named by PARTNEROPS_DATABASE_URL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from analytics.history_rows import HistoryDeal, insert_deals
from analytics.impact_rows import ImpactRows
from partnerops.cli.main import app

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine) -> Engine:
    return cli_engine


def seed(engine: Engine, currency: str = "USD") -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme Cloud", "technology")
        for outcome, closed in [("won", date(2025, 8, 1)), ("lost", date(2025, 11, 2)), ("won", date(2025, 12, 2))]:
            rows.deal(outcome, 100_00, stage="Demo", closed_on=closed, partners={acme: "sourced"})
        rows.deal("lost", 100_00, stage="Demo", closed_on=date(2025, 8, 3))
        rows.deal("open", 400_00, currency=currency, stage="Demo", expected_close_on=date(2026, 2, 1),
                  partners={acme: "sourced"})  # fmt: skip


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", "forecast", "--as-of", "2026-01-15", *args], terminal_width=200)
    return result.exit_code, result.output


def said(output: str) -> str:
    """The output with its lines joined, so a sentence Rich wrapped reads whole."""
    return " ".join(output.split())


def test_table_output_shows_what_was_learned_and_the_expected_amount(database: Engine) -> None:
    seed(database)
    code, output = invoke("--min-stage-deals", "4")
    assert code == 0, output
    assert "Learned from 4 deals closed (won or lost) before 2026-01-15, 0 of them with stage history" in output
    assert "Demo" in output and "2/4" in output and "last recorded stage: 2 won of 4 closed at it" in output
    assert "No stage history is imported" in said(output)
    assert "200.00" in output  # 400.00 x 2/4
    assert "Acme Cloud" in output and "technology" in output


def test_backtest_prints_the_replayed_quarter_calibration_and_brier_score(database: Engine) -> None:
    seed(database)
    code, output = invoke("--backtest", "--backtest-quarters", "1", "--min-stage-deals", "2")
    assert code == 0, output
    assert "2025-Q4" in output and "Calibration" in output and "Brier score" in output


def test_json_output_carries_exact_money_and_the_backtest(database: Engine) -> None:
    seed(database)
    code, output = invoke("--format", "json", "--backtest", "--backtest-quarters", "1")
    assert code == 0, output
    tree = json.loads(output)
    total = next(f for f in tree["forecast"]["figures"] if f["dimension"] == "total" and f["quarter"] == "2026-Q1")
    assert total["pipeline"] == {"amount": "400.00", "currency": "USD"}
    assert tree["backtest"]["quarters"][0]["quarter"]["label"] == "2025-Q4"


def test_csv_output_is_one_tidy_row_per_figure(database: Engine) -> None:
    seed(database)
    code, output = invoke("--format", "csv")
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    expected = next(r for r in rows if r["section"] == "forecast" and r["dimension"] == "total"
                    and r["scope"] == "2026-Q1" and r["metric"] == "expected_won")  # fmt: skip
    assert expected["unit"] == "USD" and expected["low"] != ""


def test_html_page_is_self_contained_with_charts(database: Engine, tmp_path: Path) -> None:
    seed(database)
    page = tmp_path / "forecast.html"
    code, output = invoke("--html", str(page))
    assert code == 0, output
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 3
    assert "<script" not in html and "@import" not in html and "<link" not in html
    assert "Backtest" in html and "Calibration" in html


def test_a_missing_rate_is_a_clear_error_with_exit_code_2(database: Engine) -> None:
    seed(database, currency="GBP")
    code, output = invoke()
    assert code == 2
    assert "no GBP to USD rate" in output


def seed_history(engine: Engine) -> None:
    """Four direct deals and one co-sell deal that reached Proposal; open deals at Proposal in both tiers, one of
    unknown amount, and one at a stage no closed deal reached."""
    def passed(won: bool, tier: str = "direct") -> HistoryDeal:
        stages = ["Qualify", "Proposal", "Closed Won" if won else "Closed Lost"]
        return HistoryDeal(stages, "won" if won else "lost", date(2025, 3, 3), tier=tier)

    def open_at(stages: list[str], amount: int | None, tier: str = "direct") -> HistoryDeal:
        return HistoryDeal(stages, "open", date(2025, 12, 1), amount, tier, expected_close_on=date(2026, 2, 1))

    deals = [passed(won) for won in (True, True, True, False)] + [passed(True, "co_sell")]
    deals += [open_at(["Qualify", "Proposal"], 1000_00), open_at(["Qualify", "Proposal"], None),
              open_at(["Qualify", "Proposal"], 500_00, "co_sell"), open_at(["Qualify", "Demo"], 300_00, "co_sell")]
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        insert_deals(connection, rows, deals, rows.partner("Acme Cloud", "technology"))


def test_the_report_names_the_source_and_sample_of_each_probability(database: Engine) -> None:
    seed_history(database)
    code, output = invoke("--min-stage-deals", "4")
    assert code == 0, output
    assert "5 of them with stage history" in said(output)
    assert "stage history of direct deals: 3 won of 4 that reached the stage" in output
    assert "stage history of all tiers: 4 won of 5 that reached the stage (fewer than 4 co-sell deals did)" in output
    assert "fallback to the co-sell tier's win rate: 1 won of 1 (fewer than 4 closed deals at the stage)" in output
    assert "Sample per stage" in output and "Proposal" in output and "4/5" in output


def test_open_deals_of_unknown_amount_are_counted_beside_the_sums(database: Engine) -> None:
    seed_history(database)
    code, output = invoke("--min-stage-deals", "4")
    assert code == 0, output
    assert "4 (1 amount unknown)" in output and "1,800.00" in output
    assert "1 open deal with an unknown amount counted in the deals but not in the pipeline" in said(output)
    code, output = invoke("--min-stage-deals", "4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    unknown = next(r for r in rows if r["section"] == "forecast" and r["dimension"] == "total"
                   and r["scope"] == "2026-Q1" and r["metric"] == "unknown_amount")  # fmt: skip
    assert unknown["value"] == "1"
    sources = {r["key"]: r["value"] for r in rows if r["section"] == "probability" and r["metric"] == "source"}
    assert sources == {"Proposal|direct": "stage history, tier", "Proposal|co_sell": "stage history",
                       "Demo|co_sell": "tier rate"}
