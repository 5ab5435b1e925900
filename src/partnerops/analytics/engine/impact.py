"""The core impact figures as Ibis expressions over deals with their tier, and the figures built from them.

Deals (from `engine.tiers.deal_tiers`) need id, outcome, stage, created_on, closed_on, value_minor (integer
minor units of one currency, converted beforehand when deals come in several; null when unknown), tier and
attached, and may carry `deleted_at` (a deal marked deleted is left out). Backends
return only integer counts, integer sums and medians of whole days; every interval is then computed here
from those counts with `analytics.stats`, so DuckDB and Spark give identical figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import polars as pl

from partnerops.analytics.engine.backend import fetch
from partnerops.analytics.engine.tiers import live_rows
from partnerops.analytics.impact_figures import comparison
from partnerops.analytics.impact_model import Comparison
from partnerops.analytics.stats import Interval, win_rate
from partnerops.domain.enums import Outcome

ALL = "all"


@dataclass(frozen=True)
class TierFigures:
    tier: str
    closed: int
    won: int
    lost: int
    win_rate: Interval
    won_minor: int
    median_cycle_days: float | None


@dataclass(frozen=True)
class MixRow:
    period: str
    tier: str
    won: int
    won_minor: int
    unknown_amounts: int


@dataclass(frozen=True)
class PipelineRow:
    """Open deals of a tier at a stage: all counted, the known amounts summed, the unknown ones counted apart."""

    tier: str
    stage: str
    deals: int
    amount_minor: int
    unknown_amounts: int


@dataclass(frozen=True)
class CoreFigures:
    overall: Comparison
    by_period: tuple[Comparison, ...]
    by_tier: tuple[TierFigures, ...]
    mix: tuple[MixRow, ...]
    pipeline: tuple[PipelineRow, ...]


def closed_deals(deals: ibis.Table) -> ibis.Table:
    """Won and lost deals with their period (the quarter they closed in, '2026-Q1') and cycle in days."""
    closed = deals.filter(deals.outcome.isin([Outcome.WON.value, Outcome.LOST.value]))
    period = closed.closed_on.year().cast("string") + "-Q" + closed.closed_on.quarter().cast("string")
    return closed.mutate(period=period, cycle_days=closed.closed_on.delta(closed.created_on, unit="day"))


def comparison_counts(closed: ibis.Table) -> ibis.Table:
    """scope ('all' or a period), attached, closed, won."""
    won = closed.outcome == Outcome.WON.value

    def counts(scope: ibis.Value) -> ibis.Table:
        return closed.group_by(scope=scope, attached=closed.attached).agg(
            closed=closed.count(), won=closed.count(where=won)
        )

    return counts(ibis.literal(ALL)).union(counts(closed.period))


def tier_counts(closed: ibis.Table) -> ibis.Table:
    """Per tier: closed, won, lost, the won amount in minor units and the median cycle of won deals."""
    won = closed.outcome == Outcome.WON.value
    # A median with `where` compiles to an invalid percentile() on Spark; a null outside won deals does the same.
    won_cycle_days = ibis.ifelse(won, closed.cycle_days, ibis.null(closed.cycle_days.type()))
    return closed.group_by("tier").agg(
        closed=closed.count(),
        won=closed.count(where=won),
        lost=closed.count(where=closed.outcome == Outcome.LOST.value),
        won_minor=closed.value_minor.sum(where=won).fill_null(0),
        median_cycle_days=won_cycle_days.median(),
    )


def won_mix(closed: ibis.Table) -> ibis.Table:
    """Won deals and their amount per tier, per period and over everything ('all')."""
    won = closed.filter(closed.outcome == Outcome.WON.value)

    def mix(period: ibis.Value) -> ibis.Table:
        return won.group_by(period=period, tier=won.tier).agg(
            won=won.count(),
            won_minor=won.value_minor.sum().fill_null(0),
            unknown_amounts=won.count(where=won.value_minor.isnull()),
        )

    return mix(ibis.literal(ALL)).union(mix(won.period))


def open_pipeline(deals: ibis.Table) -> ibis.Table:
    """Open deals and their known amount per tier and stage, and how many have no known amount."""
    open_deals = deals.filter(deals.outcome == Outcome.OPEN.value)
    return open_deals.group_by("tier", "stage").agg(
        deals=open_deals.count(),
        amount_minor=open_deals.value_minor.sum().fill_null(0),
        unknown_amounts=open_deals.count(where=open_deals.value_minor.isnull()),
    )


def core_figures(backend: ibis.BaseBackend, deals: ibis.Table) -> CoreFigures:
    """Run the core figures' expressions on `backend` and build the figures with their intervals."""
    with live_rows(deals).cache() as cached:  # four queries read the deals; work out their tiers once
        return _figures(backend, cached)


def _figures(backend: ibis.BaseBackend, deals: ibis.Table) -> CoreFigures:
    closed = closed_deals(deals)
    comparisons = _comparisons(_sorted(fetch(backend, comparison_counts(closed)), "scope", "attached"))
    return CoreFigures(
        overall=comparisons[0],
        by_period=tuple(comparisons[1:]),
        by_tier=tuple(_tier(row) for row in _sorted(fetch(backend, tier_counts(closed)), "tier").to_dicts()),
        mix=tuple(MixRow(**row) for row in _sorted(fetch(backend, won_mix(closed)), "period", "tier").to_dicts()),
        pipeline=tuple(
            PipelineRow(**row) for row in _sorted(fetch(backend, open_pipeline(deals)), "tier", "stage").to_dicts()
        ),
    )


def _sorted(frame: pl.DataFrame, *keys: str) -> pl.DataFrame:
    """Rows in a fixed order, 'all' first, with integer columns as Python ints whatever the backend returned."""
    frame = frame.with_columns(pl.col(pl.Int32, pl.Int64, pl.Decimal).cast(pl.Int64))
    return frame.sort(pl.col(keys[0]) != ALL, *keys)


def _comparisons(counts: pl.DataFrame) -> list[Comparison]:
    found = {(r["scope"], r["attached"]): (r["won"], r["closed"]) for r in counts.to_dicts()}
    periods = sorted({scope for scope, _ in found} - {ALL})
    return [comparison(scope, found) for scope in (ALL, *periods)]


def _tier(row: dict[str, Any]) -> TierFigures:
    won, closed, median = int(row["won"]), int(row["closed"]), row["median_cycle_days"]
    return TierFigures(
        tier=row["tier"],
        closed=closed,
        won=won,
        lost=int(row["lost"]),
        win_rate=win_rate(won, closed),
        won_minor=int(row["won_minor"]),
        median_cycle_days=None if median is None else float(median),
    )
