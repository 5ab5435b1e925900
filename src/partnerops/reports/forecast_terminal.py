"""The pipeline forecast and its backtest as Rich tables in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from partnerops.analytics.forecast_model import Backtest, CalibrationRow, Forecast
from partnerops.reports.forecast_text import (
    DIMENSION_TITLES,
    backtest_heading,
    deals_cell,
    forecast_heading,
    interval_line,
    learned_line,
    run_line,
    source_line,
    stage_label,
    tier_rate_line,
)
from partnerops.reports.formatting import amount, percent_short, tier_label

__all__ = ["print_backtest", "print_forecast"]


def print_forecast(forecast: Forecast, console: Console) -> None:
    """The learned probabilities, then the expected won amount per quarter and group, then the notes."""
    console.print(f"[bold]{forecast_heading(forecast)}[/]\n{run_line(forecast.run)}", highlight=False)
    console.print(learned_line(forecast.learning), highlight=False)
    console.print(_probabilities(forecast))
    console.print(_stage_samples(forecast))
    console.print(tier_rate_line(forecast.learning), highlight=False)
    for dimension, title in DIMENSION_TITLES.items():
        if forecast.figures_by(dimension):
            console.print(_figures(forecast, dimension, title))
    for note in forecast.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    methods = forecast.methods
    console.print(f"[dim]Probability: {methods.probability}. Expected: {methods.expected}.[/]", highlight=False)
    console.print(f"[dim]{interval_line(forecast.draws, forecast.seed, methods.interval)}[/]", highlight=False)


def _probabilities(forecast: Forecast) -> Table:
    learning = forecast.learning
    table = Table(title="Win probability of the open deals, by stage and tier, and where it came from")
    for column in ("stage", "tier", "open deals", "win rate (95% CI)", "source"):
        table.add_column(column, justify="right" if column == "open deals" else "left")
    for p in learning.probabilities:
        table.add_row(stage_label(p.stage), tier_label(p.tier), str(p.open_deals), percent_short(p.sample.win_rate),
                      source_line(p, learning.min_stage_deals))  # fmt: skip
    return table


def _stage_samples(forecast: Forecast) -> Table:
    table = Table(
        title=f"Sample per stage: deals closed before {forecast.learning.learned_before}",
        caption="reached: closed deals whose stage history shows the stage; last: closed deals last recorded at it",
    )
    for column in ("stage", "open deals", "reached: won/closed", "win rate (95% CI)", "last: won/closed"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for s in forecast.learning.stages:
        reached, last = s.history, s.last_stage
        table.add_row(s.stage, str(s.open_deals), f"{reached.won}/{reached.closed}", percent_short(reached.win_rate),
                      f"{last.won}/{last.closed}")  # fmt: skip
    return table


def _figures(forecast: Forecast, dimension: str, title: str) -> Table:
    past_due = any(f.past_due for f in forecast.figures_by(dimension))
    unknown = any(f.unknown_amount for f in forecast.figures_by(dimension))
    captions = ["past-due deals are counted in the first quarter"] if past_due else []
    captions += ["a deal of unknown amount is counted, not summed"] if unknown else []
    table = Table(title=f"Expected closed-won amount by quarter: {title.lower()}", caption="; ".join(captions) or None)
    for column in ("quarter", title, "open deals", "pipeline", "expected won", "95% interval"):
        table.add_column(column, justify="left" if column in ("quarter", title) else "right")
    for f in forecast.figures_by(dimension):
        deals = deals_cell(f)
        label = tier_label(f.label) if dimension == "tier" else f.label
        interval = f"{amount(f.low)} – {amount(f.high)}"
        table.add_row(f.quarter, label, deals, amount(f.pipeline), amount(f.expected), interval)
    return table


def print_backtest(backtest: Backtest, console: Console) -> None:
    """Predicted against actual won amount per backtest quarter, the calibration table and the Brier score."""
    console.print(f"[bold]{backtest_heading(backtest)}[/]\n{run_line(backtest.run)}", highlight=False)
    console.print(_backtest_quarters(backtest))
    console.print(_calibration(backtest.calibration, "Calibration: predicted probability vs observed win share"))
    console.print(_calibration(backtest.by_source, "Calibration by probability source"))
    console.print(_brier(backtest), highlight=False)
    for note in backtest.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)


def _backtest_quarters(backtest: Backtest) -> Table:
    table = Table(title="Forecast made on each quarter's first day vs what was won in the quarter")
    columns = ("quarter", "learned from", "open deals", "expected won", "95% interval", "actual won", "won deals")
    for column in (*columns, "inside interval"):
        table.add_column(column, justify="left" if column == "quarter" else "right")
    for q in backtest.quarters:
        table.add_row(
            q.quarter.label, f"{q.learned_from} closed", str(q.deals), amount(q.expected),
            f"{amount(q.low)} – {amount(q.high)}", amount(q.actual), str(q.won_deals),
            "yes" if q.inside else "[red]no[/]",
        )  # fmt: skip
    return table


def _calibration(rows: tuple[CalibrationRow, ...], title: str) -> Table:
    table = Table(title=title, caption="observed: share of the deals that won in their quarter (95% Wilson CI)")
    for column in ("predicted", "deals", "mean predicted", "observed win share"):
        table.add_column(column, justify="left" if column == "predicted" else "right")
    for row in rows:
        table.add_row(row.label, str(row.deals), f"{row.mean_predicted:.1%}", percent_short(row.observed))
    return table


def _brier(backtest: Backtest) -> str:
    if backtest.brier is None or backtest.brier_reference is None:
        return "Brier score: n/a (no deals were open on any backtest date)"
    return (
        f"Brier score {backtest.brier:.4f} (lower is better; predicting the overall win rate for every deal "
        f"scores {backtest.brier_reference:.4f})"
    )
