"""Fractional credit as text: a terminal table, JSON (exact decimal strings) and CSV (one row per figure)."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.table import Table

from partnerops.attribution.credit import CreditSummary

__all__ = ["CREDIT_CSV_COLUMNS", "credit_csv", "credit_json", "print_credit"]

CREDIT_CSV_COLUMNS = ("grouping", "group", "model", "credit", "currency")
MODEL_TITLES = {
    "first_touch": "first touch",
    "last_touch": "last touch",
    "linear": "linear",
    "time_decay": "time decay",
    "position": "position 40/20/40",
    "markov": "Markov",
    "shapley": "Shapley",
    "shapley_coalition": "Shapley coalitions",
}


def print_credit(summary: CreditSummary, console: Console) -> None:
    table = Table(
        title=f"Credit of {summary.deals:,} won partner deals ({summary.won_amount}) by {summary.grouping.value}, "
        f"policy {summary.policy_version}"
    )
    table.add_column(summary.grouping.value)
    for model in summary.models:
        table.add_column(MODEL_TITLES[model.value], justify="right")
    for row in summary.rows:
        table.add_row(row.group, *(f"{row.credits[m].amount:,}" for m in summary.models))
    console.print(table)
    console.print(f"amounts in {summary.currency}; each model's column sums exactly to the won amount")


def credit_json(summary: CreditSummary) -> str:
    tree = {
        "currency": summary.currency,
        "grouping": summary.grouping.value,
        "policy_version": summary.policy_version,
        "deals": summary.deals,
        "won_amount": str(summary.won_amount.amount),
        "models": [m.value for m in summary.models],
        "rows": [
            {"group": row.group, "credits": {m.value: str(row.credits[m].amount) for m in summary.models}}
            for row in summary.rows
        ],
    }
    return json.dumps(tree, indent=2, ensure_ascii=False)


def credit_csv(summary: CreditSummary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CREDIT_CSV_COLUMNS)
    for row in summary.rows:
        for model in summary.models:
            writer.writerow(
                [summary.grouping.value, row.group, model.value, row.credits[model].amount, summary.currency]
            )
    return buffer.getvalue()
