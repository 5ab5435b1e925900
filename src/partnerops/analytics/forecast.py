"""The pipeline forecast: expected closed-won amount per coming quarter by tier, partner type and partner.

Each open deal wins with a probability learned from closed deals that reached its stage (stage history, by tier
where there are enough; its tier's win rate where the stage has too few); expected amounts are exact, and 95%
intervals come from a seeded Monte Carlo. Deals of unknown amount are counted, not summed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from partnerops.analytics.forecast_data import read_inputs
from partnerops.analytics.forecast_model import Forecast, ForecastOptions
from partnerops.analytics.forecast_probabilities import NoHistory
from partnerops.analytics.forecast_projection import Method, project
from partnerops.analytics.forecast_schedule import quarters_from
from partnerops.domain.money import minor_digits

__all__ = ["Forecast", "ForecastOptions", "InvalidForecastOption", "NoHistory", "method_of", "pipeline_forecast"]

NO_RUN_NOTE = "no attribution run yet: every deal is counted as direct (run `partnerops attribution run`)"


class InvalidForecastOption(ValueError):
    def __init__(self, name: str, value: int, minimum: int) -> None:
        super().__init__(f"{name} must be at least {minimum}, not {value}")


def pipeline_forecast(engine: Engine, options: ForecastOptions | None = None) -> Forecast:
    """The forecast for `options` (default: USD, two quarters from today, latest attribution run)."""
    options = validated(options or ForecastOptions())
    as_of = options.as_of or date.today()
    inputs = read_inputs(engine, options.currency, options.policy_version)
    quarters = quarters_from(as_of, options.quarters)
    projection = project(inputs, as_of, quarters, method_of(options))
    notes = projection.notes + ((NO_RUN_NOTE,) if inputs.run is None else ())
    return Forecast(
        currency=options.currency,
        as_of=as_of,
        quarters=quarters,
        run=inputs.run,
        learning=projection.learning,
        figures=projection.figures,
        notes=notes,
        draws=options.draws,
        seed=options.seed,
    )


def validated(options: ForecastOptions) -> ForecastOptions:
    """`options` when every number is in range and the currency is known; else a clear error."""
    minor_digits(options.currency)
    for name, value, minimum in (
        ("quarters", options.quarters, 1),
        ("min_stage_deals", options.min_stage_deals, 1),
        ("draws", options.draws, 100),
        ("backtest_quarters", options.backtest_quarters, 1),
    ):
        if value < minimum:
            raise InvalidForecastOption(name, value, minimum)
    return options


def method_of(options: ForecastOptions) -> Method:
    return Method(options.currency, options.min_stage_deals, options.draws, options.seed)
