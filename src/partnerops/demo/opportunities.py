"""The demo's deals: each drawn with a designated tier that sets its size, cycle length and odds of winning."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from partnerops.demo.geography import SEGMENT_SIZE
from partnerops.demo.plan import DemoPlan
from partnerops.domain.enums import Tier

# Larger companies buy more slowly.
SEGMENT_CYCLE = {"enterprise": 1.35, "mid_market": 1.0, "smb": 0.7}
# Share of deals created in a growth ramp rather than evenly over the period: the pipeline grows.
GROWTH_SHARE = 0.3


def draw_opportunities(
    rng: np.random.Generator, plan: DemoPlan, accounts: pl.DataFrame, today: date
) -> pl.DataFrame:
    """One row per deal: account, designated tier, created/close dates, outcome and size in USD."""
    count = plan.opportunities
    appetite = accounts["appetite"].to_numpy()
    account_index = rng.choice(accounts.height, size=count, p=appetite / appetite.sum())
    tiers = list(plan.tiers)
    shares = np.array([plan.tiers[t].share for t in tiers])
    tier_index = rng.choice(len(tiers), size=count, p=shares / shares.sum())
    deals = pl.DataFrame({
        "account_index": account_index.astype(np.int64),
        "tier": [tiers[t].value for t in tier_index],
        "segment": accounts["segment"].gather(account_index),
    })
    deals = _schedule(rng, plan, deals, today)
    deals = _outcomes(rng, plan, deals)
    return deals.with_columns(amount_usd=_amounts_usd(rng, plan, deals))


def _schedule(rng: np.random.Generator, plan: DemoPlan, deals: pl.DataFrame, today: date) -> pl.DataFrame:
    """Creation dates over the period (more recent ones more often) and cycles from tier and segment."""
    count = deals.height
    uniform = rng.random(count)
    position = np.where(rng.random(count) < GROWTH_SHARE, 1.0 - np.sqrt(uniform), uniform)
    age = 2 + np.floor(position * (plan.days - 2)).astype(np.int64)
    medians = np.array([plan.tiers[Tier(t)].median_cycle_days for t in deals["tier"]])
    segment_factor = np.array([SEGMENT_CYCLE[s] for s in deals["segment"]])
    cycle = np.maximum(
        plan.min_cycle_days, np.round(medians * segment_factor * rng.lognormal(0.0, plan.cycle_sigma, count))
    ).astype(np.int64)
    created = [today - timedelta(days=int(days)) for days in age]
    return deals.with_columns(
        created_on=pl.Series(created, dtype=pl.Date),
        cycle_days=pl.Series(cycle),
    ).with_columns(
        close_on=pl.col("created_on") + pl.duration(days=pl.col("cycle_days")),
    ).with_columns(is_closed=pl.col("close_on") <= pl.lit(today))


def _outcomes(rng: np.random.Generator, plan: DemoPlan, deals: pl.DataFrame) -> pl.DataFrame:
    """Each closed deal wins with its planted probability (attached or direct): real sampling noise, so the
    report has something honest to put an interval around."""
    attached = pl.col("tier") != Tier.DIRECT.value
    rate = pl.when(attached).then(plan.attached_win_rate).otherwise(plan.direct_win_rate)
    return (
        deals.with_columns(draw=pl.Series(rng.random(deals.height)))
        .with_columns(
            outcome=pl.when(~pl.col("is_closed"))
            .then(pl.lit("open"))
            .when(pl.col("draw") < rate)
            .then(pl.lit("won"))
            .otherwise(pl.lit("lost"))
        )
        .drop("draw")
    )


def _amounts_usd(rng: np.random.Generator, plan: DemoPlan, deals: pl.DataFrame) -> np.ndarray:
    medians = np.array([plan.tiers[Tier(t)].median_amount_usd for t in deals["tier"]])
    segment_factor = np.array([SEGMENT_SIZE[s] for s in deals["segment"]])
    drawn = medians * segment_factor * rng.lognormal(0.0, plan.amount_sigma, deals.height)
    rounded: np.ndarray = np.maximum(1_000.0, np.round(drawn, -2))
    return rounded
