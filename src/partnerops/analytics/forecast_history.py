"""Stage history for the forecast: the stage a deal was at on the forecast date, and per stage the closed deals
that were ever at it and how many of them won.

A deal counts once for every stage it ever entered, so a stage's rate is P(won | reached the stage): the
conversion from there to a win, whatever came between. Stages match on a key that ignores case, spaces and
punctuation ('Closed Won', 'closedwon'), as imports read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from partnerops.domain.enums import Outcome

KEY = "stage_key"


def stage_key(stage: pl.Expr) -> pl.Expr:
    """'Proposal/Price Quote' and 'proposalpricequote' are one stage (the rule of ingest.outcomes.stage_key)."""
    return stage.str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")


@dataclass(frozen=True)
class EverAtCounts:
    """Closed deals ever at each stage (`stage_key`, label, won, closed), per tier too (without the label);
    `deals`: the closed deals with any history."""

    stages: pl.DataFrame
    tiers: pl.DataFrame
    deals: int


def stage_on(deals: pl.DataFrame, history: pl.DataFrame, day: date) -> pl.DataFrame:
    """`deals` with `stage_then`, its stage on `day`: the stage it has now, unless its history changed after `day`;
    then the last stage it entered on or before `day` (None when it entered none by then)."""
    moved = history.filter(pl.col("changed_on") > day).select("id").unique().with_columns(moved=pl.lit(True))
    before = (
        history.filter(pl.col("changed_on") <= day)
        .sort("changed_on", "seq")
        .group_by("id")
        .agg(pl.col("stage").last().alias("stage_before"))
    )
    joined = deals.join(moved, on="id", how="left").join(before, on="id", how="left")
    then = pl.when(pl.col("moved").fill_null(False)).then(pl.col("stage_before")).otherwise(pl.col("stage"))
    return joined.with_columns(stage_then=then).drop("moved", "stage_before")


def ever_at(history: pl.DataFrame, deals: pl.DataFrame, day: date) -> EverAtCounts:
    """For the deals closed (won or lost) before `day`, which stages each was ever at, counted per stage and tier."""
    closed = deals.filter(
        pl.col("outcome").is_in([Outcome.WON.value, Outcome.LOST.value]) & (pl.col("closed_on") < day)
    ).select("id", "tier", won=(pl.col("outcome") == Outcome.WON.value).cast(pl.Int64))
    passed = (
        history.filter(pl.col("changed_on") < day)
        .select("id", "stage", stage_key(pl.col("stage")).alias(KEY))
        .unique(["id", KEY], keep="first", maintain_order=True)
        .join(closed, on="id")
    )
    counts = [pl.col("won").sum().alias("won"), pl.len().cast(pl.Int64).alias("closed")]
    stages = passed.group_by(KEY).agg(pl.col("stage").min().alias("label"), *counts)
    return EverAtCounts(stages, passed.group_by(KEY, "tier").agg(counts), passed["id"].n_unique())


def pipeline_order(history: pl.DataFrame) -> pl.DataFrame:
    """`stage_key`, `position`: where a stage sits in the sale on average (its rank among each deal's stages), so
    tables read Qualify, Proposal, Negotiation rather than alphabetically."""
    ranked = history.with_columns(stage_key(pl.col("stage")).alias(KEY)).with_columns(
        position=pl.col("changed_on").rank("min").over("id").cast(pl.Float64)
    )
    return ranked.group_by(KEY).agg(pl.col("position").mean())
