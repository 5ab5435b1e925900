"""Win probabilities learned from closed deals: per stage, with the tier's win rate where a stage has too few.

The schema keeps one stage per deal, so a closed deal is counted at its last recorded stage. A stage that
no open deal carries and whose deals all share one outcome (Closed Won, Closed Lost) names the outcome,
not a step of the sale: it teaches nothing about open deals, and a deal recorded at it has an unknown stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from partnerops.analytics.forecast_model import Learning, StageProbability, TierRate
from partnerops.analytics.stats import win_rate
from partnerops.domain.enums import Outcome

_CLOSED = [Outcome.WON.value, Outcome.LOST.value]


class NoHistory(LookupError):
    """There are open deals to forecast but no closed deal before the forecast date to learn from."""

    def __init__(self, day: date) -> None:
        super().__init__(
            f"no deal closed (won or lost) before {day.isoformat()}: there is nothing to learn win "
            f"probabilities from; import closed deals or choose a later --as-of"
        )


@dataclass(frozen=True)
class ClosedCounts:
    """Won and closed deals closed before `day`: by stage (outcome stages left out), by tier, and overall."""

    day: date
    stages: pl.DataFrame
    tiers: pl.DataFrame
    won: int
    closed: int


def outcome_stages(deals: pl.DataFrame) -> list[str]:
    """Stages that name an outcome: never on an open deal, and every deal at them has the same outcome."""
    summary = deals.group_by("stage").agg(
        open=(pl.col("outcome") == Outcome.OPEN.value).any(), outcomes=pl.col("outcome").n_unique()
    )
    return sorted(summary.filter(~pl.col("open") & (pl.col("outcomes") == 1))["stage"].to_list())


def closed_counts(deals: pl.DataFrame, day: date, hidden_stages: list[str]) -> ClosedCounts:
    """Count the deals closed before `day`; `hidden_stages` name outcomes and are not learned from."""
    closed = deals.filter(pl.col("outcome").is_in(_CLOSED) & (pl.col("closed_on") < day)).with_columns(
        won=(pl.col("outcome") == Outcome.WON.value).cast(pl.Int64)
    )
    counts = [pl.col("won").sum().alias("won"), pl.len().cast(pl.Int64).alias("closed")]
    stages = closed.filter(~pl.col("stage").is_in(hidden_stages)).group_by("stage").agg(counts)
    return ClosedCounts(day, stages, closed.group_by("tier").agg(counts), int(closed["won"].sum()), closed.height)


def with_sources(open_deals: pl.DataFrame, counts: ClosedCounts, min_stage_deals: int) -> pl.DataFrame:
    """`open_deals` (stage_at, tier) with the source of each probability and its won/closed counts."""
    if open_deals.height and counts.closed == 0:
        raise NoHistory(counts.day)
    stage_counts = counts.stages.rename({"stage": "stage_at", "won": "stage_won", "closed": "stage_closed"})
    tier_counts = counts.tiers.rename({"won": "tier_won", "closed": "tier_closed"})
    joined = open_deals.join(stage_counts, on="stage_at", how="left").join(tier_counts, on="tier", how="left")
    by_stage = pl.col("stage_closed").fill_null(0) >= min_stage_deals
    by_tier = pl.col("tier_closed").fill_null(0) > 0
    return joined.with_columns(
        source=pl.when(by_stage).then(pl.format("stage {}", "stage_at"))
        .when(by_tier).then(pl.format("tier {}", "tier")).otherwise(pl.lit("all closed deals")),
        source_won=pl.when(by_stage).then("stage_won").when(by_tier).then("tier_won").otherwise(counts.won),
        source_closed=pl.when(by_stage).then("stage_closed").when(by_tier).then("tier_closed")
        .otherwise(counts.closed),
    ).drop("stage_won", "stage_closed", "tier_won", "tier_closed")  # fmt: skip


def learning(counts: ClosedCounts, open_deals: pl.DataFrame, min_stage_deals: int, hidden: list[str]) -> Learning:
    """What was learned, for the stages the open deals sit at and for every tier."""
    at_stage = open_deals.filter(pl.col("stage_at").is_not_null()).group_by("stage_at").agg(open=pl.len())
    stages = at_stage.join(counts.stages, left_on="stage_at", right_on="stage", how="left").fill_null(0)
    return Learning(
        learned_before=counts.day,
        closed_deals=counts.closed,
        min_stage_deals=min_stage_deals,
        stages=tuple(
            StageProbability(
                row["stage_at"],
                row["won"],
                row["closed"],
                row["open"],
                win_rate(row["won"], row["closed"]),
                row["closed"] >= min_stage_deals,
            )
            for row in stages.sort("stage_at").iter_rows(named=True)
        ),  # fmt: skip
        tiers=tuple(
            TierRate(row["tier"], row["won"], row["closed"], win_rate(row["won"], row["closed"]))
            for row in counts.tiers.sort("tier").iter_rows(named=True)
        ),
        overall=TierRate("all", counts.won, counts.closed, win_rate(counts.won, counts.closed)),
        outcome_stages=tuple(hidden),
    )
