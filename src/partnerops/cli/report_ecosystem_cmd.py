"""`partnerops report ecosystem`: revenue after the deal by partner, partner type, tier and source."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from partnerops.cli.context import console, errors, open_engine, reporting_currency, user_errors

if TYPE_CHECKING:
    from partnerops.ecosystem.model import EcosystemReport

_DAY = ["%Y-%m-%d"]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def command(
    as_of: datetime | None = typer.Option(None, formats=_DAY, help="The window's last day (default: today)."),
    months: int = typer.Option(12, min=1, help="How many months the window spans back from --as-of."),
    currency: str | None = typer.Option(
        None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY, else USD)."
    ),
    margin: str = typer.Option("1", help="Gross margin as a share (0.8 for 80%): lifetime value and ROPI count "
                               "margin, not revenue, below 1."),  # fmt: skip
    policy_version: str | None = typer.Option(
        None, "--policy-version", help="Tiers and partners from the latest attribution run of this policy version."
    ),
    draws: int = typer.Option(1000, min=0, help="Bootstrap draws behind the 95% intervals (0: no intervals)."),
    output_format: Format = typer.Option(Format.TABLE, "--format", help="table (default), json or csv (long form)."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML page with charts here."),
    explain: bool = typer.Option(False, "--explain", help="Print each figure's formula and inputs, group by group."),
) -> None:
    """Net and gross revenue retention, customer lifetime value by source (partner-sourced, partner-attached,
    direct), time to first value, the return on partner investment and its payback, by partner, partner type,
    attribution tier and source, over the months ending on --as-of. Reads imported revenue (`partnerops import
    revenue`), go-live and usage events (`value_events`) and program costs (`program_costs`) beside commissions
    paid and MDF reimbursed. Estimates carry 95% bootstrap intervals seeded from the data."""
    # The analytics and renderers load here, not at start: `partnerops --help` stays fast.
    from partnerops.ecosystem.report import EcosystemOptions, ecosystem_report

    options = EcosystemOptions(
        currency=(currency or reporting_currency()).upper(), as_of=None if as_of is None else as_of.date(),
        months=months, margin=_margin(margin), policy_version=policy_version, draws=draws,
    )  # fmt: skip
    with user_errors(*ecosystem_errors()):
        report = ecosystem_report(open_engine(), options)
    _show(report, output_format, explain)
    if html is not None:
        from partnerops.reports.ecosystem_html import write_ecosystem_html

        with user_errors(OSError):
            written = write_ecosystem_html(report, html)
        errors.print(f"wrote {written}", highlight=False)


def ecosystem_errors() -> tuple[type[Exception], ...]:
    """The errors the ecosystem report reports as one line and exit status 2."""
    from partnerops.analytics.currency import InvalidRate, MissingRate, UnknownReportingCurrency
    from partnerops.ecosystem.report import InvalidEcosystemOption
    from partnerops.store.attribution_runs import NoAttributionRun

    return NoAttributionRun, MissingRate, InvalidRate, UnknownReportingCurrency, InvalidEcosystemOption


def _show(report: EcosystemReport, output_format: Format, explain: bool) -> None:
    from partnerops.reports.ecosystem_tabular import ecosystem_csv, ecosystem_json
    from partnerops.reports.ecosystem_terminal import print_ecosystem

    if output_format is Format.JSON:
        typer.echo(ecosystem_json(report))
    elif output_format is Format.CSV:
        typer.echo(ecosystem_csv(report), nl=False)
    else:
        print_ecosystem(report, console, explain)


def _margin(text: str) -> Decimal:
    try:
        return Decimal(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{text!r} is not a share such as 0.8 or 80%", param_hint="--margin") from exc
