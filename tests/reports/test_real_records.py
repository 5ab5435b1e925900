"""Every rendering of the impact report shows how many open deals of unknown amount each pipeline sum left out,
and the breakdowns by account, owner, product and deal type with both sides of the comparison."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report
from partnerops.reports.html import write_impact_html
from partnerops.reports.tabular import impact_csv, impact_json
from partnerops.reports.terminal import print_impact


@pytest.fixture
def report(sqlite_engine: Engine) -> ImpactReport:
    """Won and lost deals with owners and products; open deals: 700.00 known, two of unknown amount."""
    with sqlite_engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme Cloud", "technology")
        for outcome, attached in (("won", True), ("won", True), ("lost", False), ("won", False)):
            deal = rows.deal(outcome, partners={acme: "co_sell"} if attached else None, owner="Ana Ruiz",
                             deal_type="expansion")  # fmt: skip
            rows.product(deal, "Platform")
        rows.deal("open", 700_00, stage="Proposal", partners={acme: "influence"})
        rows.deal("open", None, stage="Proposal", partners={acme: "influence"})
        rows.deal("open", None, stage="Discovery")
    return impact_report(sqlite_engine, ImpactOptions(as_of=date(2026, 1, 15)))


def test_pipeline_counts_open_deals_of_unknown_amount_and_sums_only_the_known(report: ImpactReport) -> None:
    rows = {(p.tier, p.stage): (p.deals, str(p.amount.amount), p.unknown_amounts) for p in report.pipeline}
    assert rows == {("influence", "Proposal"): (2, "700.00", 1), ("direct", "Discovery"): (1, "0.00", 1)}
    assert report.pipeline_unknown_amounts == 2


def test_terminal_prints_the_unknown_count_beside_the_sums_and_the_new_breakdowns(report: ImpactReport) -> None:
    console = Console(record=True, width=250)
    print_impact(report, console)
    text = console.export_text()
    assert "2 open deals without a known amount: counted in the deals column, left out of the amounts." in text
    assert "amount unknown" in text
    for title in ("segment", "region", "owner", "owner team", "product", "deal type"):
        assert f"Closed deals by {title}" in text
    assert "Ana Ruiz" in text and "attached win rate" in text


def test_terminal_shows_only_the_breakdowns_asked_for(report: ImpactReport) -> None:
    console = Console(record=True, width=250)
    print_impact(report, console, ("owner", "product"))
    text = console.export_text()
    assert "Closed deals by owner" in text and "Closed deals by product" in text
    assert "Closed deals by tier" not in text and "Closed deals by segment" not in text


def test_json_and_csv_carry_the_unknown_counts_and_both_sides_of_each_group(report: ImpactReport) -> None:
    tree = json.loads(impact_json(report))
    assert tree["pipeline_unknown_amounts"] == 2
    assert {p["stage"]: p["unknown_amounts"] for p in tree["pipeline"]} == {"Proposal": 1, "Discovery": 1}
    owner = next(s for s in tree["segments"] if s["dimension"] == "owner" and s["key"] == "Ana Ruiz")
    assert (owner["comparison"]["attached_won"], owner["comparison"]["direct_closed"]) == (2, 2)
    rows = list(csv.DictReader(io.StringIO(impact_csv(report))))
    unknown = [r for r in rows if r["section"] == "pipeline" and r["metric"] == "unknown_amounts"]
    assert sorted(r["value"] for r in unknown) == ["1", "1"]
    sides = {r["metric"]: r["value"] for r in rows if r["dimension"] == "product" and r["key"] == "Platform"}
    assert (sides["attached_closed"], sides["attached_won"], sides["direct_closed"]) == ("2", "2", "2")
    assert float(sides["attached_win_rate"]) == pytest.approx(1.0)


def test_page_shows_the_unknown_count_and_the_breakdowns(report: ImpactReport, tmp_path: Path) -> None:
    page = write_impact_html(report, tmp_path / "impact.html", ("deal_type", "owner")).read_text(encoding="utf-8")
    assert "2 open deals without a known amount" in page
    assert "<th>amount unknown</th>" in page
    assert "Closed deals by deal type" in page and "Closed deals by owner" in page
    assert "Closed deals by tier" not in page
