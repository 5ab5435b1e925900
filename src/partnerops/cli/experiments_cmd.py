"""`partnerops experiments`: record a partner experiment up front, then judge cohort against control."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli import choices
from partnerops.cli.context import console, find_named, open_engine, operator, reporting_currency, user_errors
from partnerops.cli.program_options import parse_day, problems

if TYPE_CHECKING:
    from sqlalchemy import Connection

app = typer.Typer(no_args_is_help=True)


def _ids(conn: Connection, text: str) -> tuple[int, ...]:
    """The partners a comma-separated list names (each by its id or exact name)."""
    return tuple(find_named(conn, "partner", part.strip()).id for part in text.split(",") if part.strip())


@app.command("record")
def record_command(
    name: str,
    hypothesis: Annotated[str, typer.Option(help="What you expect and why.")],
    metric: Annotated[choices.ExperimentMetric, typer.Option(help="What is compared over the window.")],
    criteria: Annotated[str, typer.Option(metavar="RULE", help="e.g. 'uplift >= 1.2', 'ratio <= 0.8', "
                                          "'difference > 0'.")],
    start: Annotated[str, typer.Option(metavar="DATE", help="Window start (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option(metavar="DATE", help="Window end (YYYY-MM-DD).")],
    cohort: Annotated[str, typer.Option(metavar="PARTNERS", help="The partners that got the treatment, by id, "
                                        "comma-separated: PRT-1,PRT-4.")],
    control: Annotated[str, typer.Option(metavar="PARTNERS", help="The partners to compare with, the same way.")],
) -> None:
    """Record an experiment before its window starts."""
    from partnerops.program import experiments
    from partnerops.program.experiment_metrics import ExperimentMetric

    with user_errors(*problems()), open_engine().begin() as conn:
        form = experiments.ExperimentInput(name, hypothesis, ExperimentMetric(metric.value), criteria,
                                           parse_day(start), parse_day(end), _ids(conn, cohort),
                                           _ids(conn, control))  # fmt: skip
        experiments.record_experiment(conn, operator(), form)
    console.print(f"experiment {name!r} recorded", highlight=False)


@app.command("evaluate")
def evaluate_command(name: str) -> None:
    """Compute the metric for cohort and control, compare them with a 95% interval, and judge the criteria."""
    from partnerops.program import experiments

    with user_errors(*problems()), open_engine().begin() as conn:
        result = experiments.evaluate_experiment(conn, name, reporting_currency())
    c = result.comparison
    console.print(f"{name}: {result.metric.value}: cohort {_fmt(result.cohort_value.value)}, control "
                  f"{_fmt(result.control_value.value)}; comparison {_fmt(c.value)} (95% {_fmt(c.low)}..{_fmt(c.high)})"
                  + (f" — {c.undefined}" if c.undefined else ""), highlight=False)  # fmt: skip
    console.print(f"criteria {result.criteria}: {result.verdict.value.upper()}  [{result.method}]", highlight=False,
                  markup=False)  # fmt: skip


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"
