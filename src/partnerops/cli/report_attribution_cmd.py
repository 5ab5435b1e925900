"""`partnerops report attribution`: fractional credit of won deals, every model side by side, in the terminal,
as JSON or CSV, or as a self-contained HTML page with charts."""

from __future__ import annotations

from pathlib import Path

import typer

from partnerops.cli import choices
from partnerops.cli.context import errors, open_engine, user_errors
from partnerops.cli.credit_options import (
    CreditFormat,
    ModelChoice,
    credit_errors,
    credit_options,
    emit_credit,
    models_from,
)


def command(
    model: ModelChoice = typer.Option(ModelChoice("all"), "--model", help="One credit model, or `all` (default)."),
    by: choices.CreditGrouping = typer.Option(
        choices.CreditGrouping.PARTNER, "--by", help="Sum credits per partner, type or period."
    ),
    currency: str | None = typer.Option(None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY)."),
    output_format: CreditFormat = typer.Option(CreditFormat.TABLE, "--format", help="table, json or csv."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML page with charts here."),
    policy_version: str | None = typer.Option(None, help="Use this policy version's run (default latest)."),
) -> None:
    """How each credit model splits won partner deals: credit by partner, type or period, models side by side."""
    # The credit engine loads here, and the HTML renderer (Jinja2, Matplotlib) only for --html: `--help` stays fast.
    from partnerops.analytics.credit.models import CreditSettings
    from partnerops.attribution.credit import credit_summary

    options = credit_options(models_from(model), by, currency, CreditSettings(), policy_version)
    with user_errors(*credit_errors()):
        summary = credit_summary(open_engine(), options)
    emit_credit(summary, output_format)
    if html is not None:
        from partnerops.reports.attribution_html import write_credit_html

        with user_errors(OSError):
            written = write_credit_html(summary, html)
        errors.print(f"wrote {written}", highlight=False)
