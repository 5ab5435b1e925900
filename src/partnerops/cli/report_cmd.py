"""`partnerops report`: the partner impact report in the terminal, as JSON or CSV, or as an HTML page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from partnerops.cli import choices
from partnerops.cli.context import console, errors, open_engine, reporting_currency, user_errors

if TYPE_CHECKING:
    from partnerops.analytics.impact_model import ImpactReport

app = typer.Typer(no_args_is_help=True)


class Period(StrEnum):
    QUARTER = "quarter"
    MONTH = "month"
    YEAR = "year"


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Breakdown(StrEnum):
    """The groups closed deals break down by (names as in analytics.impact_dimensions)."""

    TIER = "tier"
    PARTNER_TYPE = "partner_type"
    PARTNER = "partner"
    PERIOD = "period"
    SEGMENT = "segment"
    REGION = "region"
    OWNER = "owner"
    OWNER_TEAM = "owner_team"
    PRODUCT = "product"
    DEAL_TYPE = "deal_type"


_DAY = ["%Y-%m-%d"]


@app.command("impact")
def impact(
    period: Period = typer.Option(Period.QUARTER, help="Group closed deals by quarter, month or year of close."),
    since: datetime | None = typer.Option(None, formats=_DAY, help="Count deals closed on or after this day."),
    until: datetime | None = typer.Option(None, formats=_DAY, help="Count deals closed on or before this day."),
    currency: str | None = typer.Option(
        None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY, else USD)."
    ),
    policy_version: str | None = typer.Option(
        None, "--policy-version", help="Use the latest attribution run of this policy version (default: latest run)."
    ),
    as_of: datetime | None = typer.Option(None, formats=_DAY, help="The report's 'today' (default: today)."),
    output_format: Format = typer.Option(Format.TABLE, "--format", help="table (default), json or csv (long form)."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML page with charts here."),
    bands: str = typer.Option(
        ",".join(str(edge) for edge in choices.DEFAULT_BAND_EDGES),
        "--bands",
        help="Deal-size band thresholds in the reporting currency, comma separated: 25000,100000,250000 makes "
        "<25k, 25k–100k, 100k–250k and ≥250k.",
    ),
    by: list[Breakdown] | None = typer.Option(
        None,
        "--by",
        help="Show closed deals broken down only by these groups, in this order (repeat the option): tier, "
        "partner_type, partner, period, segment, region, owner, owner_team, product, deal_type. Default: all of "
        "them. JSON and CSV always hold every breakdown.",
    ),
) -> None:
    """Win rate and uplift of partner-attached deals over direct, raw and adjusted for deal size, segment,
    region and period, incremental won revenue, the attachment model, deal size, cycle time, attribution mix,
    open pipeline, the three-wins rule and partner activation, with 95% intervals and cautions on small samples.
    Closed deals break down by tier, partner type, partner and period, and by account segment, region, owner,
    owner team, product and deal type with partner-attached against direct inside each group. Deleted records
    count nowhere; open deals without an amount are counted and left out of sums, which say how many. The
    figures are aggregated where PARTNEROPS_ENGINE says: sql (in this process, the default), duckdb or spark."""
    # The analytics (Polars, DuckDB, statsmodels) and renderers load here, not at start: `--help` stays fast.
    from partnerops.analytics.deal_bands import DealBands, InvalidBands
    from partnerops.analytics.impact import ImpactOptions, impact_report

    with user_errors(InvalidBands):
        deal_bands = DealBands(_edges(bands))
    options = ImpactOptions(
        currency=(currency or reporting_currency()).upper(),
        period=period.value,
        policy_version=policy_version,
        as_of=_day(as_of),
        since=_day(since),
        until=_day(until),
        bands=deal_bands,
    )
    with user_errors(*impact_errors()):
        report = impact_report(open_engine(), options)
    shown = _breakdowns(by)
    _show(report, shown, output_format)
    if html is not None:
        from partnerops.reports.html import write_impact_html

        with user_errors(OSError):
            written = write_impact_html(report, html, shown)
        errors.print(f"wrote {written}", highlight=False)


def impact_errors() -> tuple[type[Exception], ...]:
    """The errors the impact report reports as one line and exit status 2."""
    from partnerops.analytics.currency import InvalidRate, MissingRate
    from partnerops.analytics.engine_choice import EngineUnavailable, UnknownEngine
    from partnerops.analytics.impact import InvalidPeriod
    from partnerops.domain.money import UnknownCurrency
    from partnerops.store.attribution_runs import NoAttributionRun

    return NoAttributionRun, MissingRate, InvalidRate, InvalidPeriod, UnknownCurrency, UnknownEngine, EngineUnavailable


def _show(report: ImpactReport, shown: tuple[Any, ...], output_format: Format) -> None:
    from partnerops.reports.tabular import impact_csv, impact_json
    from partnerops.reports.terminal import print_impact

    if output_format is Format.JSON:
        typer.echo(impact_json(report))
    elif output_format is Format.CSV:
        typer.echo(impact_csv(report), nl=False)
    else:
        print_impact(report, console, shown)


def _breakdowns(by: list[Breakdown] | None) -> tuple[Any, ...]:
    """The breakdowns to show, each once, in the order asked; all of them when none is asked for."""
    from partnerops.reports.formatting import TERMINAL_DIMENSIONS

    return tuple(dict.fromkeys(b.value for b in by)) if by else TERMINAL_DIMENSIONS


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def _edges(text: str) -> tuple[Decimal, ...]:
    try:
        return tuple(Decimal(part.strip()) for part in text.split(",") if part.strip())
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{text!r} is not a comma-separated list of amounts", param_hint="--bands") from exc


def _mount_reports() -> None:
    """The reports whose commands live in modules of their own, after this module's."""
    from partnerops.cli import report_attribution_cmd, report_ecosystem_cmd, report_forecast_cmd

    app.command("attribution")(report_attribution_cmd.command)
    app.command("forecast")(report_forecast_cmd.command)
    app.command("ecosystem")(report_ecosystem_cmd.command)


_mount_reports()
