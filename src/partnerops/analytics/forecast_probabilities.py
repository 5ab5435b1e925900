"""Win probabilities learned from closed deals, each open deal taking the most specific one with enough deals.

From the stage history: the deals of its tier that were ever at its stage, then the deals of any tier ever at
it. Without enough history: the closed deals last recorded at its stage (a stage that no open deal carries and
whose deals all share one outcome, Closed Won or Lost, names the outcome, not a step of the sale: it teaches
nothing, and a deal at it has an unknown stage). Then its tier's win rate, then that of all closed deals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from partnerops.analytics.forecast_history import KEY, EverAtCounts, ever_at, stage_key
from partnerops.analytics.forecast_model import (
    ALL_CLOSED,
    LAST_STAGE,
    STAGE_HISTORY,
    STAGE_HISTORY_BY_TIER,
    TIER_RATE,
)
from partnerops.domain.enums import Outcome

_CLOSED = [Outcome.WON.value, Outcome.LOST.value]
# Each source, most specific first: its columns' prefix, whether a stage rate, and how its label reads.
LEVELS: tuple[tuple[str, str, bool, pl.Expr], ...] = (
    (STAGE_HISTORY_BY_TIER, "by_tier", True, pl.format("stage history: {}, {}", "stage_at", "tier")),
    (STAGE_HISTORY, "ever", True, pl.format("stage history: {}", "stage_at")),
    (LAST_STAGE, "last", True, pl.format("last stage: {}", "stage_at")),
    (TIER_RATE, "tier", False, pl.format("tier rate: {}", "tier")),
)


class NoHistory(LookupError):
    """There are open deals to forecast but no closed deal before the forecast date to learn from."""

    def __init__(self, day: date) -> None:
        super().__init__(
            f"no deal closed (won or lost) before {day.isoformat()}: there is nothing to learn win "
            f"probabilities from; import closed deals or choose a later --as-of"
        )


@dataclass(frozen=True)
class ClosedCounts:
    """Won and closed deals closed before `day`: by last stage (`stage_key`; outcome stages left out), by tier,
    overall, and from the stage history."""

    day: date
    stages: pl.DataFrame
    tiers: pl.DataFrame
    won: int
    closed: int
    history: EverAtCounts


def outcome_stages(deals: pl.DataFrame) -> list[str]:
    """Stages that name an outcome: never on an open deal, and every deal at them has the same outcome."""
    summary = deals.group_by("stage").agg(
        open=(pl.col("outcome") == Outcome.OPEN.value).any(), outcomes=pl.col("outcome").n_unique()
    )
    return sorted(summary.filter(~pl.col("open") & (pl.col("outcomes") == 1))["stage"].to_list())


def closed_counts(deals: pl.DataFrame, history: pl.DataFrame, day: date, hidden_stages: list[str]) -> ClosedCounts:
    """Count the deals closed before `day`; `hidden_stages` name outcomes and are not learned from."""
    closed = deals.filter(pl.col("outcome").is_in(_CLOSED) & (pl.col("closed_on") < day)).with_columns(
        won=(pl.col("outcome") == Outcome.WON.value).cast(pl.Int64), **{KEY: stage_key(pl.col("stage"))}
    )
    counts = [pl.col("won").sum().alias("won"), pl.len().cast(pl.Int64).alias("closed")]
    stages = closed.filter(~pl.col("stage").is_in(hidden_stages)).group_by(KEY).agg(counts)
    return ClosedCounts(day, stages, closed.group_by("tier").agg(counts), int(closed["won"].sum()), closed.height,
                        ever_at(history, deals, day))  # fmt: skip


def with_sources(open_deals: pl.DataFrame, counts: ClosedCounts, min_stage_deals: int) -> pl.DataFrame:
    """`open_deals` (stage_at, tier) with `source_kind`, `source` (its label) and the source's won/closed counts."""
    if open_deals.height and counts.closed == 0:
        raise NoHistory(counts.day)
    joined = _with_counts(open_deals.with_columns(stage_key(pl.col("stage_at")).alias(KEY)), counts)
    enough = [
        pl.col(f"{prefix}_closed").fill_null(0) >= (min_stage_deals if for_stage else 1)
        for _, prefix, for_stage, _ in LEVELS
    ]
    picked = {
        "source_kind": [pl.lit(kind) for kind, *_ in LEVELS] + [pl.lit(ALL_CLOSED)],
        "source": [label for *_, label in LEVELS] + [pl.lit(ALL_CLOSED)],
        "source_won": [pl.col(f"{prefix}_won") for _, prefix, *_ in LEVELS] + [pl.lit(counts.won, pl.Int64)],
        "source_closed": [pl.col(f"{prefix}_closed") for _, prefix, *_ in LEVELS] + [pl.lit(counts.closed, pl.Int64)],
    }
    columns = [c for _, prefix, *_ in LEVELS for c in (f"{prefix}_won", f"{prefix}_closed")]
    return joined.with_columns(_first(enough, values).alias(name) for name, values in picked.items()).drop(
        *columns, KEY
    )


def _with_counts(frame: pl.DataFrame, counts: ClosedCounts) -> pl.DataFrame:
    def renamed(table: pl.DataFrame, prefix: str) -> pl.DataFrame:
        return table.rename({"won": f"{prefix}_won", "closed": f"{prefix}_closed"})

    return (
        frame.join(renamed(counts.history.tiers, "by_tier"), on=[KEY, "tier"], how="left")
        .join(renamed(counts.history.stages.drop("label"), "ever"), on=KEY, how="left")
        .join(renamed(counts.stages, "last"), on=KEY, how="left")
        .join(renamed(counts.tiers, "tier"), on="tier", how="left")
    )


def _first(conditions: list[pl.Expr], values: list[pl.Expr]) -> pl.Expr:
    """The value of the first condition that holds; the last value when none does (a source that holds has
    counts, so its value is never null)."""
    return pl.coalesce([pl.when(c).then(v) for c, v in zip(conditions, values, strict=False)] + [values[-1]])
