"""The partner impact report: win rates, uplift, deal size, cycle time, attribution mix, pipeline, proof, and
closed deals broken down by tier, partner, period, segment, region, owner, product and deal type.

Reads one attribution run and the live opportunities, prices every deal in the reporting currency at the rate
valid on its close date (open deals: expected close, else the report date), and aggregates in DuckDB in this
process or on the Ibis engine PARTNEROPS_ENGINE names (`analytics.impact_aggregates`). A deal
whose amount is unknown counts everywhere deals are counted and is left out of every sum, which says how many
it left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Engine

from partnerops.analytics.activation import activation
from partnerops.analytics.adjusted import adjusted_uplift
from partnerops.analytics.attachment import attachment_model, partner_counts
from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.deal_bands import with_strata
from partnerops.analytics.engine_choice import EngineName, engine_backend
from partnerops.analytics.impact_aggregates import Aggregates, Relations, sql_aggregates
from partnerops.analytics.impact_data import deal_partners, deal_products, deals, partner_directory, select_run
from partnerops.analytics.impact_dimensions import UNKNOWN_GROUP
from partnerops.analytics.impact_figures import FigureBuilder
from partnerops.analytics.impact_model import PERIODS, ImpactOptions, ImpactReport, Period, RunInfo
from partnerops.domain.enums import Outcome, Tier
from partnerops.domain.money import minor_digits

if TYPE_CHECKING:
    import ibis

__all__ = ["ImpactOptions", "ImpactReport", "InvalidPeriod", "impact_report"]


class InvalidPeriod(ValueError):
    def __init__(self, period: str) -> None:
        super().__init__(f"unknown period {period!r}: choose one of {', '.join(PERIODS)}")


@dataclass(frozen=True)
class _Inputs:
    run: RunInfo
    deals: pl.DataFrame
    attributed: pl.DataFrame
    partners: pl.DataFrame
    products: pl.DataFrame
    rates: pl.DataFrame


def impact_report(
    engine: Engine, options: ImpactOptions | None = None, analytics_engine: EngineName | None = None
) -> ImpactReport:
    """The impact report for `options` (default: USD by quarter on the latest attribution run), aggregated by
    `analytics_engine` (default: the PARTNEROPS_ENGINE setting)."""
    options = options or ImpactOptions()
    if options.period not in PERIODS:
        raise InvalidPeriod(options.period)
    minor_digits(options.currency)  # an unknown currency fails here, before any reading
    as_of = options.as_of or date.today()
    inputs = _read(engine, options)
    relations = _relations(inputs, options, as_of)
    aggregates = _aggregate(relations, engine_backend(analytics_engine))
    # In the order of the deals' ids: the models' floating-point sums then give the same digits on every run.
    banded = with_strata(relations.closed, options.bands, options.currency)
    strata = partner_counts(banded, aggregates.partners_per_deal).sort("id")
    builder = FigureBuilder(options.currency)
    overall, by_period = builder.comparisons(aggregates.comparisons)
    return ImpactReport(
        currency=options.currency,
        period=options.period,
        as_of=as_of,
        since=options.since,
        until=options.until,
        run=inputs.run,
        overall=overall,
        by_period=by_period,
        segments=builder.segments(aggregates.segments, overall, by_period),
        mix=builder.mix(aggregates.mix),
        pipeline=builder.pipeline(aggregates.pipeline),
        partners=builder.partners(aggregates.proof),
        bands=options.bands.labels,
        adjusted=adjusted_uplift(strata, overall.uplift, options.currency),
        attachment=attachment_model(strata, options.bands.labels),
        activation=activation(aggregates.activation),
    )


def _aggregate(relations: Relations, backend: ibis.BaseBackend | None) -> Aggregates:
    if backend is None:
        return sql_aggregates(relations)
    from partnerops.analytics.engine.report import engine_aggregates

    return engine_aggregates(backend, relations)


def _read(engine: Engine, options: ImpactOptions) -> _Inputs:
    with engine.connect() as connection:
        run = select_run(connection, options.policy_version)
        attributed = deal_partners(connection, run.id)
        return _Inputs(
            run=run,
            deals=deals(connection, attributed),
            attributed=attributed,
            partners=partner_directory(connection),
            products=deal_products(connection),
            rates=load_rates(connection, options.currency),
        )


def _relations(inputs: _Inputs, options: ImpactOptions, as_of: date) -> Relations:
    """The frames the aggregations read, the closed deals priced in the reporting currency."""
    known = inputs.deals.filter(pl.col("created_on") <= as_of)
    closed = _closed(known, options, inputs.rates, as_of)
    return Relations(
        created=_created(known, options),
        attributed=inputs.attributed,
        closed=closed,
        open_deals=_open(known, options.currency, inputs.rates, as_of),
        members=_members(closed, inputs.attributed, inputs.partners, inputs.products),
        partners=inputs.partners,
        partner_wins=_partner_wins(known, inputs.attributed, as_of),
    )


def _created(known: pl.DataFrame, options: ImpactOptions) -> pl.DataFrame:
    """Opportunities created in the report window, partner-attached or not."""
    in_window = pl.lit(True) if options.until is None else pl.col("created_on") <= options.until
    if options.since is not None:
        in_window &= pl.col("created_on") >= options.since
    return known.filter(in_window).select("id", "created_on", attached=pl.col("tier") != Tier.DIRECT.value)


def _closed(known: pl.DataFrame, options: ImpactOptions, rates: pl.DataFrame, as_of: date) -> pl.DataFrame:
    until = min(options.until or as_of, as_of)
    is_closed = pl.col("outcome").is_in([Outcome.WON.value, Outcome.LOST.value])
    in_window = is_closed & (pl.col("closed_on") <= until)
    if options.since is not None:
        in_window &= pl.col("closed_on") >= options.since
    closed = known.filter(in_window).with_columns(
        rate_on=pl.col("closed_on"),
        period=_period_label(pl.col("closed_on"), options.period),
        attached=pl.col("tier") != Tier.DIRECT.value,
        cycle_days=(pl.col("closed_on") - pl.col("created_on")).dt.total_days(),
    )
    return convert(closed, rates, options.currency)


def _open(known: pl.DataFrame, currency: str, rates: pl.DataFrame, as_of: date) -> pl.DataFrame:
    open_deals = known.filter(pl.col("outcome") == Outcome.OPEN.value).with_columns(
        rate_on=pl.coalesce(pl.col("expected_close_on"), pl.lit(as_of))
    )
    return convert(open_deals, rates, currency)


def _period_label(day: pl.Expr, period: Period) -> pl.Expr:
    if period == "quarter":
        return pl.format("{}-Q{}", day.dt.year(), day.dt.quarter())
    return day.dt.strftime("%Y-%m" if period == "month" else "%Y")


def _members(
    closed: pl.DataFrame, attributed: pl.DataFrame, partners: pl.DataFrame, products: pl.DataFrame
) -> pl.DataFrame:
    """Which groups each closed deal belongs to: its period, tier, partners and their types, its account's segment
    and region, its owner and owner team, each product it holds and its deal type."""
    of_partners = attributed.join(partners, on="partner_id").join(
        closed.select("id"), left_on="opportunity_id", right_on="id"
    )
    of_products = closed.select("id").join(products, on="id", how="left")
    return pl.concat(
        [
            _membership(closed, "period", pl.col("period"), pl.col("period"), "id"),
            _membership(closed, "tier", pl.col("tier"), pl.col("tier").str.replace("_", "-"), "id"),
            _membership(of_partners, "partner_type", pl.col("type"), pl.col("type"), "opportunity_id"),
            _membership(of_partners, "partner", pl.col("partner_id").cast(pl.String), pl.col("name"), "opportunity_id"),
            *(_by_value(closed, name) for name in ("segment", "region", "owner", "owner_team")),
            _by_value(closed, "deal_type", words=True),
            _by_value(of_products, "product"),
        ]
    )


def _by_value(frame: pl.DataFrame, column: str, *, words: bool = False) -> pl.DataFrame:
    """Membership by a column's value; a missing or blank value groups as "unknown". `words`: the label reads
    a code as words ("new_business" -> "new business")."""
    value = pl.col(column).str.strip_chars()
    key = pl.when(value == "").then(None).otherwise(value).fill_null(UNKNOWN_GROUP)
    return _membership(frame, column, key, key.str.replace_all("_", " ") if words else key, "id")


def _membership(frame: pl.DataFrame, dimension: str, key: pl.Expr, label: pl.Expr, id_column: str) -> pl.DataFrame:
    return frame.select(
        pl.lit(dimension).alias("dimension"),
        key.alias("key"),
        label.alias("label"),
        pl.col(id_column).alias("id"),
    ).unique()


def _partner_wins(known: pl.DataFrame, attributed: pl.DataFrame, as_of: date) -> pl.DataFrame:
    won = known.filter((pl.col("outcome") == Outcome.WON.value) & (pl.col("closed_on") <= as_of))
    return attributed.join(won.select("id", "closed_on"), left_on="opportunity_id", right_on="id").select(
        "partner_id", "closed_on"
    )
