"""What the credit commands share: the model choices, the output formats and printing a credit summary."""

from __future__ import annotations

from enum import StrEnum

import typer

from partnerops.analytics.credit.models import CreditModel, CreditSettings
from partnerops.attribution.credit import CreditGrouping, CreditOptions, CreditSummary
from partnerops.cli.context import console
from partnerops.reports.attribution_tables import credit_csv, credit_json, print_credit
from partnerops.settings import get_settings

ModelChoice = StrEnum("ModelChoice", {m.name: m.value for m in CreditModel} | {"ALL": "all"})  # type: ignore[misc]
PathModel = StrEnum("PathModel", {m.name: m.value for m in CreditModel})  # type: ignore[misc]


class CreditFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def models_from(choice: StrEnum) -> tuple[CreditModel, ...]:
    return tuple(CreditModel) if choice.value == "all" else (CreditModel(choice.value),)


def credit_options(
    models: tuple[CreditModel, ...],
    grouping: CreditGrouping,
    currency: str | None,
    settings: CreditSettings,
    policy_version: str | None,
) -> CreditOptions:
    chosen = (currency or get_settings().reporting_currency).upper()
    return CreditOptions(models, grouping, chosen, policy_version, settings)


def emit_credit(summary: CreditSummary, output_format: CreditFormat) -> None:
    if output_format is CreditFormat.JSON:
        typer.echo(credit_json(summary))
    elif output_format is CreditFormat.CSV:
        typer.echo(credit_csv(summary), nl=False)
    else:
        print_credit(summary, console)
