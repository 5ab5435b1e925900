"""The impact report as Rich tables in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from partnerops.analytics.impact_dimensions import Dimension
from partnerops.analytics.impact_model import Comparison, ImpactReport, Segment
from partnerops.analytics.stats import SMALL_SAMPLE
from partnerops.reports.formatting import (
    DIMENSION_TITLES,
    SMALL_SAMPLE_NOTE,
    TERMINAL_DIMENSIONS,
    amount,
    amount_with_unknown,
    days,
    money,
    money_interval,
    percent_short,
    quartiles,
    ratio,
    ratio_short,
    share,
    tier_label,
)

__all__ = ["print_impact"]


def print_impact(
    report: ImpactReport, console: Console, dimensions: tuple[Dimension, ...] = TERMINAL_DIMENSIONS
) -> None:
    """Print every section of `report` (the breakdowns of closed deals by `dimensions`), the run it used and its
    cautions."""
    console.print(_header(report))
    console.print(_comparisons(report))
    console.print(f"Overall uplift: {ratio(report.overall.uplift)}", highlight=False)
    _print_adjusted(report, console)
    for dimension in dimensions:
        console.print(_segments(report, dimension))
    console.print(_mix(report))
    console.print(_pipeline(report))
    if report.pipeline_unknown_amounts:
        console.print(_unknown_pipeline_note(report.pipeline_unknown_amounts), highlight=False)
    console.print(_partners(report))
    _print_activation(report, console)
    for caution in (*report.overall.cautions, *report.adjusted.cautions):
        console.print(f"[yellow]caution:[/] {caution}", highlight=False)
    console.print(f"[yellow]*[/] {SMALL_SAMPLE_NOTE}", highlight=False)
    console.print(f"[dim]Win rate: {report.methods.win_rate}. Uplift: {report.methods.uplift}.[/]")


def _header(report: ImpactReport) -> str:
    window = f"closed {report.since or 'from the start'} to {report.until or report.as_of}"
    return (
        f"[bold]Partner impact[/], amounts in {report.currency}, by {report.period}, {window}, as of {report.as_of}\n"
        f"Attribution run {report.run.id}: policy {report.run.policy_version} "
        f"(digest {report.run.policy_digest}), ran {report.run.ran_at:%Y-%m-%d %H:%M}"
    )


def _comparisons(report: ImpactReport) -> Table:
    table = Table(title="Partner-attached vs direct win rate", caption="(95% intervals in brackets)")
    for column in ("scope", "attached won/closed", "attached win rate", "direct won/closed", "direct win rate"):
        table.add_column(column, overflow="fold")
    table.add_column("uplift", overflow="fold")
    for row in (report.overall, *report.by_period):
        table.add_row(*_comparison_cells(row))
    return table


def _comparison_cells(row: Comparison) -> list[str]:
    return [
        "overall" if row.scope == "all" else row.scope,
        f"{row.attached_won}/{_flagged(row.attached_closed)}",
        percent_short(row.win_rate_attached),
        f"{row.direct_won}/{_flagged(row.direct_closed)}",
        percent_short(row.win_rate_direct),
        ratio_short(row.uplift),
    ]


def _segments(report: ImpactReport, dimension: Dimension) -> Table:
    title = DIMENSION_TITLES[dimension]
    within = _compares_within(dimension)
    table = Table(title=f"Closed deals by {title.lower()}", caption=_segment_caption(dimension))
    table.add_column(title, no_wrap=True, overflow="fold")
    for column in ("closed", "won", "win rate"):
        table.add_column(column, justify="right" if column != "win rate" else "left", overflow="fold")
    if within:
        for column in ("attached won/closed", "attached win rate", "direct won/closed", "direct win rate"):
            table.add_column(column, overflow="fold")
    table.add_column("uplift" if within else "uplift vs direct", overflow="fold")
    for column in ("won amount", "mean deal", "median deal", "median cycle"):
        table.add_column(column, justify="right", overflow="fold")
    for s in report.segments_by(dimension):
        table.add_row(*_segment_cells(s, within))
    return table


def _compares_within(dimension: Dimension) -> bool:
    """Breakdowns over every closed deal (not the period one, shown beside the win-rate table) show both sides."""
    return dimension not in ("tier", "partner_type", "partner", "period")


def _segment_cells(s: Segment, within: bool) -> list[str]:
    sides = _comparison_cells(s.comparison)[1:5] if within and s.comparison else []
    return [
        s.label, _flagged(s.closed), str(s.won), percent_short(s.win_rate), *sides, ratio_short(s.uplift),
        amount_with_unknown(s.won_amount, s.unknown_amounts), amount(s.mean_deal_size), amount(s.median_deal_size),
        days(s.median_cycle_days),
    ]  # fmt: skip


def _flagged(closed: int) -> str:
    """A closed-deal count, starred when the rate it gives rests on a small sample."""
    return f"{closed}[yellow]*[/]" if closed < SMALL_SAMPLE else str(closed)


def _segment_caption(dimension: Dimension) -> str:
    if dimension == "period":
        return "uplift: partner-attached over direct within the period; deal size and cycle over won deals"
    if _compares_within(dimension):
        return (
            "uplift: partner-attached over direct within the group; deal size and cycle over won deals"
            + ("; a deal counts in each product it holds" if dimension == "product" else "")
        )
    return "uplift: win rate over the direct win rate; deal size and cycle over won deals"


def _mix(report: ImpactReport) -> Table:
    table = Table(title="Attribution mix of won deals")
    for column in ("period", "tier", "won", "amount"):
        table.add_column(column, justify="right" if column in ("won", "amount") else "left")
    for row in report.mix:
        won_amount = amount_with_unknown(row.amount, row.unknown_amounts)
        table.add_row(row.period, tier_label(row.tier), str(row.won), won_amount)
    return table


def _pipeline(report: ImpactReport) -> Table:
    table = Table(title="Open pipeline by tier and stage", caption="amount: the deals whose amount is known")
    for column in ("tier", "stage", "deals", "amount", "amount unknown"):
        table.add_column(column, justify="left" if column in ("tier", "stage") else "right")
    for row in report.pipeline:
        table.add_row(tier_label(row.tier), row.stage, str(row.deals), amount(row.amount), str(row.unknown_amounts))
    return table


def _unknown_pipeline_note(unknown: int) -> str:
    deals = f"{unknown} open deal{'s' if unknown != 1 else ''}"
    return f"{deals} without a known amount: counted in the deals column, left out of the amounts."


def _partners(report: ImpactReport) -> Table:
    table = Table(title="Three-wins rule and time to first deal")
    for column in ("partner", "type", "won deals", "status", "joined", "first win", "time to first deal"):
        table.add_column(column)
    for p in report.partners:
        table.add_row(
            p.name, p.type, str(p.won_deals), p.status, str(p.joined_on or "–"),
            str(p.first_won_on or "–"), days(p.days_to_first_deal),
        )  # fmt: skip
    return table


def _print_adjusted(report: ImpactReport, console: Console) -> None:
    adjusted = report.adjusted
    table = Table(title="Uplift, raw and adjusted for deal size, segment, region and period")
    table.add_column("estimate")
    table.add_column("uplift (95% CI)")
    for name, interval in (
        ("raw", adjusted.raw),
        ("adjusted: regression, standardised", adjusted.regression),
        ("adjusted: matched strata (Mantel–Haenszel)", adjusted.mantel_haenszel),
    ):
        table.add_row(name, ratio(interval))
    console.print(table)
    incremental = adjusted.incremental
    estimate = money_interval(incremental.estimate, incremental.low, incremental.high, incremental.undefined)
    console.print(
        f"Incremental won revenue: {estimate}"
        f" — partner-attached deals won {money(incremental.attached_won)}, "
        f"expected at the direct rate {money(incremental.expected_at_direct)}",
        highlight=False,
    )
    strata = adjusted.strata
    console.print(
        f"Strata (band × segment × region × period): {strata.comparable_strata} of {strata.strata} hold both "
        f"partner-attached and direct deals; {strata.deals_outside_comparable} of {strata.deals} closed deals "
        f"fall outside them. Bands: {', '.join(report.bands)} {report.currency}.",
        highlight=False,
    )
    console.print(
        f"[dim]Regression: {adjusted.regression_method}; interval: {adjusted.regression_interval}. "
        f"Matched: {adjusted.mantel_haenszel_method}; interval: {adjusted.mantel_haenszel_interval}. "
        f"Incremental revenue: {adjusted.incremental_method}.[/]"
    )
    console.print(_attachment(report))
    console.print(f"[dim]Suggested count: {report.methods.attachment_rule}[/]")


def _attachment(report: ImpactReport) -> Table:
    table = Table(title="Attachment model: win rate by partners per deal, per deal-size band")
    for column in ("band", "0 partners", "1 partner", "2 partners", "3+ partners", "suggested", "why"):
        table.add_column(column, overflow="fold")
    for band in report.attachment:
        cells = [f"{percent_short(c.win_rate)} n={c.closed}" for c in band.cells]
        table.add_row(band.band, *cells, band.suggested or "–", band.note)
    return table


def _print_activation(report: ImpactReport, console: Console) -> None:
    activation = report.activation
    first = activation.time_to_first_deal
    console.print(
        f"Time to first deal over {first.count} partners with a win: {quartiles(first.low, first.median, first.high)}; "
        f"{activation.partners_without_a_win} partners without a won deal yet.",
        highlight=False,
    )
    quarters = Table(title="Attach rate and opportunities per partner, by quarter created")
    for column in ("quarter", "created", "attached", "attach rate", "partner-deals", "active partners",
                   "partners", "per partner"):  # fmt: skip
        quarters.add_column(column, justify="left" if column in ("quarter", "attach rate") else "right")
    for q in activation.quarters:
        quarters.add_row(
            q.quarter, str(q.created), str(q.attached), percent_short(q.attach_rate), str(q.partner_opportunities),
            str(q.active_partners), str(q.partners_in_program), share(q.per_partner),
        )  # fmt: skip
    console.print(quarters)
    cohorts = Table(title="Partner cohorts by join quarter (activated: at least one won attached deal)")
    for column in ("joined in", "partners", "activated", "share activated", "median days to first deal"):
        cohorts.add_column(column)
    for c in activation.cohorts:
        cohorts.add_row(
            c.quarter, str(c.joined), str(c.activated), percent_short(c.share_activated),
            days(c.median_days_to_first_deal),
        )  # fmt: skip
    console.print(cohorts)
