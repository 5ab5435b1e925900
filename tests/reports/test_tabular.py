"""JSON and CSV exports carry the same figures as the report, money as exact decimals."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from partnerops.analytics.impact import ImpactReport
from partnerops.reports.tabular import CSV_COLUMNS, impact_csv, impact_json


def test_json_holds_the_overall_comparison_and_exact_money(report: ImpactReport) -> None:
    tree = json.loads(impact_json(report))
    overall = tree["overall"]
    assert (overall["attached_won"], overall["attached_closed"]) == (4, 5)
    assert overall["uplift"]["value"] == report.overall.uplift.value
    assert overall["uplift"]["low"] == report.overall.uplift.low
    sourced = next(m for m in tree["mix"] if m["period"] == "all" and m["tier"] == "sourced")
    assert sourced["amount"] == {"amount": "1337.58", "currency": "USD"}
    assert {p["name"]: p["status"] for p in tree["partners"]} == {"Acme Cloud": "proven", "Bolt <SI>": "not yet proven"}
    assert tree["run"]["policy_version"] == report.run.policy_version
    assert "wilson" in tree["methods"]["win_rate"] and "ratio" in tree["methods"]["uplift"]


def test_csv_is_one_row_per_figure(report: ImpactReport) -> None:
    rows = list(csv.DictReader(io.StringIO(impact_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    uplift = next(r for r in rows if r["section"] == "uplift" and r["scope"] == "all")
    assert float(uplift["value"]) == report.overall.uplift.value
    mix = {
        r["key"]: Decimal(r["value"])
        for r in rows
        if r["section"] == "mix" and r["scope"] == "all" and r["metric"] == "won_amount"
    }
    assert mix == {m.tier: m.amount.amount for m in report.mix if m.period == "all"}


def test_csv_says_why_a_figure_is_undefined(report: ImpactReport) -> None:
    rows = list(csv.DictReader(io.StringIO(impact_csv(report))))
    direct_uplift = next(
        r for r in rows if r["dimension"] == "tier" and r["key"] == "direct" and r["metric"] == "uplift"
    )
    assert direct_uplift["value"] == "" and direct_uplift["note"] == "direct deals are the baseline"


def test_json_and_csv_carry_the_adjusted_uplift_attachment_and_activation(report: ImpactReport) -> None:
    tree = json.loads(impact_json(report))
    assert tree["adjusted"]["raw"]["value"] == report.overall.uplift.value
    assert tree["adjusted"]["incremental"]["attached_won"] == {"amount": "4337.58", "currency": "USD"}
    assert [b["band"] for b in tree["attachment"]] == list(report.bands)
    assert tree["activation"]["cohorts"][0]["quarter"] == report.activation.cohorts[0].quarter
    rows = list(csv.DictReader(io.StringIO(impact_csv(report))))
    mh = next(r for r in rows if r["section"] == "adjusted_uplift" and r["key"] == "mantel_haenszel")
    assert mh["value"] == _csv_float(report.adjusted.mantel_haenszel.value)
    one_partner = next(
        r for r in rows if r["section"] == "attachment" and r["scope"] == "<25k" and r["key"] == "1"
        and r["metric"] == "closed"
    )  # fmt: skip
    assert int(one_partner["value"]) == report.attachment[0].cells[1].closed
    attach = [r for r in rows if r["section"] == "activation" and r["metric"] == "attach_rate"]
    assert [r["scope"] for r in attach] == [q.quarter for q in report.activation.quarters]


def _csv_float(value: float | None) -> str:
    return "" if value is None else str(value)
