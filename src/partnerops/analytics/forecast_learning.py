"""What the forecast learned, as plain values for the report: per stage its samples (stage history and last
stage), per group of open deals (stage and tier) the probability it was given and where it came from."""

from __future__ import annotations

import polars as pl

from partnerops.analytics.forecast_history import KEY, pipeline_order, stage_key
from partnerops.analytics.forecast_model import Learning, Sample, StageProbability, StageSample, TierRate
from partnerops.analytics.forecast_probabilities import ClosedCounts
from partnerops.analytics.stats import win_rate


def learning(counts: ClosedCounts, open_deals: pl.DataFrame, history: pl.DataFrame, min_stage_deals: int,
             hidden: list[str]) -> Learning:  # fmt: skip
    """`open_deals` carry stage_at, tier and their source (forecast_probabilities.with_sources)."""
    return Learning(
        learned_before=counts.day,
        closed_deals=counts.closed,
        history_deals=counts.history.deals,
        min_stage_deals=min_stage_deals,
        stages=stage_samples(counts, open_deals, history, hidden),
        probabilities=probabilities(open_deals),
        tiers=tuple(
            TierRate(row["tier"], row["won"], row["closed"], win_rate(row["won"], row["closed"]))
            for row in counts.tiers.sort("tier").iter_rows(named=True)
        ),
        overall=TierRate("all", counts.won, counts.closed, win_rate(counts.won, counts.closed)),
        outcome_stages=tuple(hidden),
    )


def sample(won: int | None, closed: int | None) -> Sample:
    return Sample(won or 0, closed or 0, win_rate(won or 0, closed or 0))


def probabilities(open_deals: pl.DataFrame) -> tuple[StageProbability, ...]:
    """One row per (stage, tier) of the open deals, in stage then tier order; an unknown stage comes last."""
    groups = open_deals.group_by("stage_at", "tier", "source_kind", "source_won", "source_closed").agg(
        open=pl.len()
    )
    return tuple(
        StageProbability(row["stage_at"], row["tier"], row["open"], row["source_kind"],
                         sample(row["source_won"], row["source_closed"]))
        for row in groups.sort("stage_at", "tier", nulls_last=True).iter_rows(named=True)
    )  # fmt: skip


def stage_samples(counts: ClosedCounts, open_deals: pl.DataFrame, history: pl.DataFrame,
                  hidden: list[str]) -> tuple[StageSample, ...]:  # fmt: skip
    """Every stage an open deal sits at or a closed deal passed through, outcome stages left out, in the order of
    the sale (stages without history after, by name)."""
    at = open_deals.filter(pl.col("stage_at").is_not_null()).group_by(stage_key(pl.col("stage_at")).alias(KEY)).agg(
        pl.col("stage_at").min().alias("open_label"), open=pl.len()
    )
    ever = counts.history.stages.rename({"won": "ever_won", "closed": "ever_closed"})
    last = counts.stages.rename({"won": "last_won", "closed": "last_closed"})
    hidden_keys = pl.DataFrame({KEY: hidden}, schema={KEY: pl.String}).select(stage_key(pl.col(KEY)))[KEY]
    rows = (
        at.join(ever, on=KEY, how="full", coalesce=True)
        .filter(~pl.col(KEY).is_in(hidden_keys.implode()))
        .join(last, on=KEY, how="left")
        .join(pipeline_order(history), on=KEY, how="left")
        .sort("position", pl.coalesce("open_label", "label"), nulls_last=True)
    )
    return tuple(
        StageSample(row["open_label"] or row["label"], row["open"] or 0, sample(row["ever_won"], row["ever_closed"]),
                    sample(row["last_won"], row["last_closed"]))
        for row in rows.iter_rows(named=True)
    )  # fmt: skip
