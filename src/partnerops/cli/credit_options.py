"""What the credit commands share: the model choices, the output formats, the errors they report and printing a
credit summary."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from partnerops.cli import choices
from partnerops.cli.context import console, reporting_currency

if TYPE_CHECKING:
    from partnerops.analytics.credit.journeys import Journeys
    from partnerops.analytics.credit.models import CreditModel, CreditSettings
    from partnerops.attribution.credit import CreditOptions, CreditSummary

ModelChoice = StrEnum("ModelChoice", {m.name: m.value for m in choices.CreditModel} | {"ALL": "all"})  # type: ignore[misc]
PathModel = StrEnum("PathModel", {m.name: m.value for m in choices.CreditModel})  # type: ignore[misc]


MODEL_HELP = (
    "Credit model: first_touch, last_touch, linear, time_decay, position; markov (removal effects of the journeys' "
    "Markov chain); shapley (Shapley value of the Markov chain's game: a set of partners is worth the conversion "
    "probability with only them); shapley_coalition (Shapley value as the attribution literature defines it: a set "
    "is worth the conversions and value of the journeys whose partners all belong to it; exact at any size, it splits "
    "each journey equally among its distinct partners)."
)
CONVENTION_HELP = (
    "markov, shapley: `journey` splits each deal or path among its own partners in proportion to their weights; "
    "`global` gives each partner its share of all conversions and value, as ChannelAttribution reports it."
)
CONVENTIONS = {
    "journey": "each {unit} split among its own partners in proportion to their weights",
    "global": "each partner's share of all conversions and value, as ChannelAttribution reports it",
}


def convention_line(models: tuple[CreditModel, ...], convention: StrEnum, unit: str = "deal") -> str | None:
    """The sentence that says how data-driven models turned their weights into credit, when any was used."""
    data_driven = [m.value for m in models if m.data_driven]
    if not data_driven:
        return None
    return f"{', '.join(data_driven)}: {convention.value} convention, {CONVENTIONS[convention.value].format(unit=unit)}"


def sampling_line(model: CreditModel, journeys: Journeys, settings: CreditSettings) -> str | None:
    """What the Markov-game Shapley value was estimated from, when it had too many channels to enumerate."""
    import numpy as np

    from partnerops.analytics.credit.models import shapley_seed
    from partnerops.analytics.credit.shapley import EXACT_LIMIT, hoeffding_bound

    players = len(journeys.channels)
    if model.value != "shapley" or players <= EXACT_LIMIT:
        return None
    bound = float(hoeffding_bound(np.ones(1), players, settings.samples)[0])
    origin = "given" if settings.seed is not None else "derived from the data"
    return (
        f"shapley: {players} channels, more than {EXACT_LIMIT}: estimated from {settings.samples} sampled permutations "
        f"(seed {shapley_seed(journeys, settings)}, {origin}); every Shapley value of the conversion probability is "
        f"within {bound:.3g} of the exact one with 95% confidence"
    )


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
