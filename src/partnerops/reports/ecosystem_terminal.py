"""The ecosystem report as Rich tables in a terminal, with each figure's formula and inputs on demand."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from partnerops.ecosystem.model import EcosystemReport
from partnerops.reports.ecosystem_text import (
    DIMENSION_TITLES,
    INVESTED,
    MARKETPLACE_NAMES,
    days_text,
    explanation_line,
    heading,
    method_lines,
    money_text,
    ratio_text,
    value_text,
)
from partnerops.reports.formatting import amount

__all__ = ["print_ecosystem"]


def print_ecosystem(report: EcosystemReport, console: Console, explain: bool = False) -> None:
    """Retention and value per group, the return on partner investment, ARR movements, then the method."""
    console.print(f"[bold]{heading(report)}[/]", highlight=False)
    for dimension, title in DIMENSION_TITLES.items():
        if report.groups_by(dimension):
            console.print(_retention(report, dimension, title))
    console.print(_investment(report))
    console.print(_movements(report))
    if report.marketplaces:
        console.print(_marketplaces(report))
    for caution in report.cautions:
        console.print(f"[yellow]note:[/] {caution}", highlight=False)
    for line in method_lines(report):
        console.print(f"[dim]{line}[/]", highlight=False)
    if explain:
        _explain(report, console)


def _retention(report: EcosystemReport, dimension: str, title: str) -> Table:
    table = Table(title=f"{title}: retention and value ({report.currency}, 95% intervals)")
    for column in ("group", "customers at start", "ARR at start", "ARR at end", "NRR", "GRR", "lifetime value",
                   "days to value", "awaiting value", "revenue"):  # fmt: skip
        table.add_column(column, justify="left" if column == "group" else "right")
    for g in report.groups_by(dimension):
        table.add_row(g.label, str(g.accounts), amount(g.arr_start), amount(g.arr_end), ratio_text(g.nrr),
                      ratio_text(g.grr), money_text(g.lifetime_value), days_text(g.time_to_value_days),
                      str(g.awaiting_value), amount(g.revenue))  # fmt: skip
    return table


def _investment(report: EcosystemReport) -> Table:
    table = Table(title=f"Return on partner investment ({report.currency}, margin {report.margin})")
    for column in ("group", "attributed revenue", "commissions paid", "MDF spent", "other costs", "ROPI",
                   "payback (months)"):  # fmt: skip
        table.add_column(column, justify="left" if column == "group" else "right")
    for g in (g for d in INVESTED for g in report.groups_by(d)):
        cost = g.cost
        assert cost is not None
        table.add_row(f"{g.label} ({g.dimension.replace('_', ' ')})", amount(g.revenue), amount(cost.commissions),
                      amount(cost.mdf), amount(cost.other), value_text(g.ropi, ".2f"),
                      value_text(g.payback_months))  # fmt: skip
    return table


def _movements(report: EcosystemReport) -> Table:
    table = Table(title=f"ARR movements per month ({report.currency})")
    for column in ("month ending", "new", "expansion", "contraction", "churn", "renewal"):
        table.add_column(column, justify="left" if column == "month ending" else "right")
    for m in report.movements:
        table.add_row(str(m.ends_on), amount(m.new), amount(m.expansion), amount(m.contraction), amount(m.churn),
                      amount(m.renewal))  # fmt: skip
    return table


def _marketplaces(report: EcosystemReport) -> Table:
    table = Table(title=f"Revenue through cloud marketplaces ({report.currency}, charges less refunds)")
    for column in ("marketplace", "offer", "transactions", "billed", "fees", "net", "disbursed"):
        table.add_column(column, justify="left" if column in ("marketplace", "offer") else "right")
    for m in report.marketplaces:
        table.add_row(MARKETPLACE_NAMES.get(m.marketplace, m.marketplace), m.offer_type.replace("_", " "),
                      str(m.transactions), amount(m.billed), amount(m.fees), amount(m.net), amount(m.disbursed))
    return table


def _explain(report: EcosystemReport, console: Console) -> None:
    console.print("[bold]How each figure was computed[/]", highlight=False)
    for group in report.groups:
        for explanation in group.explanations:
            console.print(explanation_line(group, explanation), highlight=False, soft_wrap=True)
