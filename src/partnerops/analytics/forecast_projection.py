"""One forecast made on one day: learn the probabilities, schedule the open deals, price and sum them.

The live forecast and every backtest quarter go through `project`, so the backtest tests the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from partnerops.analytics.currency import convert
from partnerops.analytics.forecast_data import ForecastInputs
from partnerops.analytics.forecast_figures import build_figures, expected_minor, group_totals
from partnerops.analytics.forecast_groups import group_index, membership
from partnerops.analytics.forecast_learning import learning
from partnerops.analytics.forecast_model import ForecastFigure, Learning, Quarter
from partnerops.analytics.forecast_probabilities import closed_counts, outcome_stages, with_sources
from partnerops.analytics.forecast_schedule import horizon_notes, open_on, scheduled
from partnerops.analytics.forecast_simulation import Deals, Groups, interval_bounds


@dataclass(frozen=True)
class Method:
    currency: str
    min_stage_deals: int
    draws: int
    seed: int


@dataclass(frozen=True)
class Projection:
    """`deals`: the counted deals with row, quarter, value_minor (None when the amount is unknown), source_kind,
    source, probability and past_due."""

    learning: Learning
    deals: pl.DataFrame
    figures: tuple[ForecastFigure, ...]
    notes: tuple[str, ...]


def project(inputs: ForecastInputs, day: date, quarters: tuple[Quarter, ...], method: Method) -> Projection:
    hidden = outcome_stages(inputs.deals)
    open_deals = scheduled(open_on(inputs.deals, inputs.history, day, hidden), quarters, day)
    counts = closed_counts(inputs.deals, inputs.history, day, hidden)
    counted = _priced(with_sources(open_deals.filter(pl.col("quarter").is_not_null()), counts, method.min_stage_deals),
                      inputs, method.currency)  # fmt: skip
    members = membership(counted, inputs.partners)
    groups = group_index(members, quarters)
    members = members.join(groups, on=["quarter", "dimension", "key", "label"]).select("group", "row")
    bounds = interval_bounds(_deal_arrays(counted), _group_arrays(groups, members), method.draws, method.seed)
    figures = build_figures(
        groups, group_totals(members, counted), expected_minor(members, counted), bounds, method.currency
    )
    return Projection(
        learning(counts, counted, inputs.history, method.min_stage_deals, hidden), counted, figures,
        tuple(horizon_notes(open_deals, quarters)),
    )  # fmt: skip


def _priced(deals: pl.DataFrame, inputs: ForecastInputs, currency: str) -> pl.DataFrame:
    """Amounts in `currency` at the rate valid when each deal is due (not before the forecast day); a deal whose
    amount is unknown needs no rate and keeps a null value."""
    known = convert(deals.filter(pl.col("amount_minor").is_not_null()), inputs.rates, currency)
    unknown = deals.filter(pl.col("amount_minor").is_null()).with_columns(value_minor=pl.lit(None, pl.Int64))
    priced = pl.concat([known, unknown.select(known.columns)], how="vertical_relaxed").sort("id").with_row_index("row")
    sources = priced.select("source").unique().sort("source").with_row_index("source_index")
    return priced.with_columns(
        pl.col("row").cast(pl.Int64), probability=pl.col("source_won") / pl.col("source_closed")
    ).join(sources.with_columns(pl.col("source_index").cast(pl.Int64)), on="source")


def _deal_arrays(deals: pl.DataFrame) -> Deals:
    sources = deals.select("source_index", "source_won", "source_closed").unique().sort("source_index")
    return Deals(
        amount_minor=deals.sort("row")["value_minor"].fill_null(0).to_numpy(),
        source=deals.sort("row")["source_index"].to_numpy(),
        source_won=sources["source_won"].cast(pl.Int64).to_numpy(),
        source_closed=sources["source_closed"].cast(pl.Int64).to_numpy(),
    )


def _group_arrays(groups: pl.DataFrame, members: pl.DataFrame) -> Groups:
    return Groups(groups.height, members["group"].to_numpy(), members["row"].to_numpy())
