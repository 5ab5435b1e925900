"""What the credit commands share: the model choices, the output formats, the errors they report and printing a
credit summary."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from partnerops.cli import choices
from partnerops.cli.context import console, reporting_currency

if TYPE_CHECKING:
    from partnerops.analytics.credit.models import CreditModel, CreditSettings
    from partnerops.attribution.credit import CreditOptions, CreditSummary

ModelChoice = StrEnum("ModelChoice", {m.name: m.value for m in choices.CreditModel} | {"ALL": "all"})  # type: ignore[misc]
PathModel = StrEnum("PathModel", {m.name: m.value for m in choices.CreditModel})  # type: ignore[misc]


class CreditFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def credit_errors() -> tuple[type[Exception], ...]:
    """The errors a credit command reports as one line and exit status 2."""
    from partnerops.analytics.currency import InvalidRate, MissingRate
    from partnerops.domain.money import UnknownCurrency
    from partnerops.store.attribution_runs import NoAttributionRun

    return NoAttributionRun, MissingRate, InvalidRate, UnknownCurrency, ValueError


def models_from(choice: StrEnum) -> tuple[CreditModel, ...]:
    from partnerops.analytics.credit.models import CreditModel

    return tuple(CreditModel) if choice.value == "all" else (CreditModel(choice.value),)


def credit_options(
    models: tuple[CreditModel, ...],
    grouping: StrEnum,
    currency: str | None,
    settings: CreditSettings,
    policy_version: str | None,
) -> CreditOptions:
    """The options of a credit summary; GROUPING may be the option's choice or the engine's own CreditGrouping."""
    from partnerops.attribution.credit import CreditGrouping, CreditOptions

    chosen = (currency or reporting_currency()).upper()
    return CreditOptions(models, CreditGrouping(grouping.value), chosen, policy_version, settings)


def emit_credit(summary: CreditSummary, output_format: CreditFormat) -> None:
    from partnerops.reports.attribution_tables import credit_csv, credit_json, print_credit

    if output_format is CreditFormat.JSON:
        typer.echo(credit_json(summary))
    elif output_format is CreditFormat.CSV:
        typer.echo(credit_csv(summary), nl=False)
    else:
        print_credit(summary, console)
