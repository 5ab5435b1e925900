"""`partnerops report forecast`: expected closed-won amount per coming quarter, and its backtest."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from partnerops.cli.context import console, errors, open_engine, reporting_currency, user_errors

if TYPE_CHECKING:
    from partnerops.analytics.forecast_model import Backtest, Forecast

_DAY = ["%Y-%m-%d"]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def command(
    quarters: int = typer.Option(2, min=1, help="How many quarters to forecast: the one holding --as-of and after."),
    as_of: datetime | None = typer.Option(None, formats=_DAY, help="The forecast date (default: today)."),
    currency: str | None = typer.Option(
        None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY, else USD)."
    ),
    policy_version: str | None = typer.Option(
        None, "--policy-version", help="Tiers from the latest attribution run of this policy version."
    ),
    min_stage_deals: int = typer.Option(
        20, min=1, help="Closed deals a stage (or a stage within one tier) needs before its own win rate is used; "
        "with fewer, the next source is used: stage history of all tiers, last recorded stage, the tier's win rate."
    ),
    draws: int = typer.Option(4000, min=100, help="Monte Carlo draws behind the 95% intervals."),
    seed: int = typer.Option(0, help="Seed of the Monte Carlo, so a report can be reproduced exactly."),
    backtest: bool = typer.Option(False, "--backtest", help="Also replay the forecast on past quarters."),
    backtest_quarters: int = typer.Option(4, min=1, help="How many past complete quarters the backtest replays."),
    output_format: Format = typer.Option(Format.TABLE, "--format", help="table (default), json or csv (long form)."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML page (with backtest)."),
) -> None:
    """Expected closed-won amount of the open deals per quarter, by tier, partner type and partner, with 95%
    intervals, from stage win probabilities learned from closed deals (from their stage history where it is
    imported); the report names the source and sample of every probability. --backtest shows how well it
    calibrates."""
    # The analytics and renderers load here, not at start: `partnerops --help` stays fast.
    from partnerops.analytics.forecast import ForecastOptions, pipeline_forecast
    from partnerops.analytics.forecast_backtest import backtest as run_backtest
    from partnerops.reports.forecast_html import write_forecast_html

    options = ForecastOptions(
        currency=(currency or reporting_currency()).upper(),
        quarters=quarters,
        as_of=None if as_of is None else as_of.date(),
        policy_version=policy_version,
        min_stage_deals=min_stage_deals,
        draws=draws,
        seed=seed,
        backtest_quarters=backtest_quarters,
    )
    engine = open_engine()
    with user_errors(*forecast_errors()):
        forecast = pipeline_forecast(engine, options)
        replay = run_backtest(engine, options) if backtest or html is not None else None
    _show(forecast, replay if backtest else None, output_format)
    if html is not None and replay is not None:
        with user_errors(OSError):
            written = write_forecast_html(forecast, replay, html)
        errors.print(f"wrote {written}", highlight=False)


def forecast_errors() -> tuple[type[Exception], ...]:
    """The errors the forecast reports as one line and exit status 2."""
    from partnerops.analytics.currency import InvalidRate, MissingRate
    from partnerops.analytics.forecast import InvalidForecastOption, NoHistory
    from partnerops.domain.money import UnknownCurrency
    from partnerops.store.attribution_runs import NoAttributionRun

    return NoAttributionRun, MissingRate, InvalidRate, UnknownCurrency, InvalidForecastOption, NoHistory


def _show(forecast: Forecast, backtest: Backtest | None, output_format: Format) -> None:
    from partnerops.reports.forecast_tabular import forecast_csv, forecast_json
    from partnerops.reports.forecast_terminal import print_backtest, print_forecast

    if output_format is Format.JSON:
        typer.echo(forecast_json(forecast, backtest))
    elif output_format is Format.CSV:
        typer.echo(forecast_csv(forecast, backtest), nl=False)
    else:
        print_forecast(forecast, console)
        if backtest is not None:
            print_backtest(backtest, console)
