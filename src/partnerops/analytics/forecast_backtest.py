"""Backtesting the forecast: pretend it is the first day of each of the last complete quarters, forecast that
quarter from the deals closed before then, and compare with what happened."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from sqlalchemy import Engine

from partnerops.analytics.forecast import method_of, validated
from partnerops.analytics.forecast_calibration import brier, by_probability_bin, by_source
from partnerops.analytics.forecast_data import ForecastInputs, read_inputs
from partnerops.analytics.forecast_model import Backtest, BacktestQuarter, ForecastOptions, Quarter
from partnerops.analytics.forecast_projection import Method, Projection, project
from partnerops.analytics.forecast_schedule import quarter_holding
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money

__all__ = ["backtest", "backtest_quarters"]

LIMITS = (
    "a deal that has moved since a backtest date is counted at the stage its stage history shows on that date; "
    "without stage history, at its last recorded stage, or at an unknown stage (its tier's win rate) when that "
    "stage names the outcome",
    "a deal that has closed since a backtest date is taken as due on the day it closed (expected close dates "
    "are not kept once a deal closes)",
    "tiers come from the latest attribution run, which may have seen touches made after a backtest date",
)


def backtest(engine: Engine, options: ForecastOptions | None = None) -> Backtest:
    """The forecast replayed on the first day of each of the last `backtest_quarters` complete quarters."""
    options = validated(options or ForecastOptions())
    as_of = options.as_of or date.today()
    inputs = read_inputs(engine, options.currency, options.policy_version)
    method = method_of(options)
    replayed = [(q, _replay(inputs, q, method)) for q in backtest_quarters(as_of, options.backtest_quarters)]
    kept: list[tuple[Quarter, Projection]] = [(q, p) for q, p in replayed if p is not None]
    outcomes = pl.concat([_outcomes(p, q) for q, p in kept]) if kept else _no_outcomes()
    skipped = [f"{q.label} skipped: no deal closed before {q.start}" for q, p in replayed if p is None]
    return Backtest(
        currency=options.currency,
        as_of=as_of,
        run=inputs.run,
        quarters=tuple(_quarter(q, p, options.currency) for q, p in kept),
        calibration=by_probability_bin(outcomes),
        by_source=by_source(outcomes),
        brier=brier(outcomes, "probability"),
        brier_reference=brier(outcomes, "reference"),
        notes=(*skipped, *LIMITS),
        draws=options.draws,
        seed=options.seed,
    )


def backtest_quarters(as_of: date, count: int) -> list[Quarter]:
    """The last `count` quarters that ended before `as_of`, oldest first."""
    quarters = [quarter_holding(quarter_holding(as_of).start - timedelta(days=1))]
    while len(quarters) < count:
        quarters.append(quarter_holding(quarters[-1].start - timedelta(days=1)))
    return quarters[::-1]


def _replay(inputs: ForecastInputs, quarter: Quarter, method: Method) -> Projection | None:
    has_history = inputs.deals.filter(
        pl.col("outcome").is_in([Outcome.WON.value, Outcome.LOST.value]) & (pl.col("closed_on") < quarter.start)
    ).height
    return project(inputs, quarter.start, (quarter,), method) if has_history else None


def _won_in(quarter: Quarter) -> pl.Expr:
    return ((pl.col("outcome") == Outcome.WON.value) & (pl.col("closed_on") <= quarter.end)).cast(pl.Int64)


def _outcomes(projection: Projection, quarter: Quarter) -> pl.DataFrame:
    """Per deal forecast: its probability, the all-deals win rate as a reference, and whether it won in time."""
    reference = projection.learning.overall.win_rate.value
    return projection.deals.select(
        pl.lit(quarter.label).alias("quarter"),
        "source",
        "probability",
        pl.lit(reference, dtype=pl.Float64).alias("reference"),
        _won_in(quarter).alias("won"),
    )


def _no_outcomes() -> pl.DataFrame:
    schema = {"quarter": pl.String, "source": pl.String, "probability": pl.Float64, "reference": pl.Float64}
    return pl.DataFrame(schema={**schema, "won": pl.Int64})


def _quarter(quarter: Quarter, projection: Projection, currency: str) -> BacktestQuarter:
    total = projection.figures[0]
    won = projection.deals.filter(_won_in(quarter) == 1)
    return BacktestQuarter(
        quarter=quarter,
        learned_from=projection.learning.closed_deals,
        deals=total.deals,
        expected=total.expected,
        low=total.low,
        high=total.high,
        actual=Money.from_minor(int(won["value_minor"].sum()), currency),
        won_deals=won.height,
    )
