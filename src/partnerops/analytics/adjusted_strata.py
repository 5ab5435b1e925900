"""Uplift adjusted by exact matching on strata: the Mantel–Haenszel risk ratio over band x segment x region x period.

The pooled ratio is statsmodels' `StratifiedTable.riskratio_pooled`; statsmodels gives no interval for it, so
the 95% interval uses the Greenland–Robins (1985) variance of its logarithm. Strata lacking either
partner-attached or direct deals carry no comparison and drop out; how many deals that leaves out is reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray
from statsmodels.stats.contingency_tables import StratifiedTable

from partnerops.analytics.adjusted_regression import FACTORS
from partnerops.analytics.stats import Interval, log_scale_interval

MH_METHOD = "Mantel–Haenszel risk ratio over strata of deal-size band x segment x region x period (statsmodels)"
MH_INTERVAL = "Greenland–Robins variance of the log Mantel–Haenszel risk ratio"
SPARSE_SHARE = 0.2

Counts = NDArray[np.float64]


@dataclass(frozen=True)
class StrataSummary:
    """How the closed deals spread over strata: all strata, those holding both groups, deals in the others."""

    strata: int
    comparable_strata: int
    deals: int
    deals_outside_comparable: int


@dataclass(frozen=True)
class Matched:
    risk_ratio: Interval
    summary: StrataSummary
    caution: str | None


def stratum_counts(deals: pl.DataFrame) -> pl.DataFrame:
    """Per stratum, in the order of its factors: attached won (a) and lost (b), direct won (c) and lost (d)."""
    won, attached = pl.col("won"), pl.col("attached")
    counts = deals.group_by(FACTORS).agg(
        a=(won & attached).sum().cast(pl.Float64),
        b=(~won & attached).sum().cast(pl.Float64),
        c=(won & ~attached).sum().cast(pl.Float64),
        d=(~won & ~attached).sum().cast(pl.Float64),
    )
    # Floating-point sums over strata depend on their order; a fixed one makes the same data give the same digits.
    return counts.sort(FACTORS, nulls_last=True)


def mantel_haenszel_uplift(deals: pl.DataFrame) -> Matched:
    counts = stratum_counts(deals)
    comparable = counts.filter((pl.col("a") + pl.col("b") > 0) & (pl.col("c") + pl.col("d") > 0))
    compared = int(comparable.select(pl.sum_horizontal("a", "b", "c", "d")).sum().item() or 0)
    summary = StrataSummary(counts.height, comparable.height, deals.height, deals.height - compared)
    return Matched(_pooled_ratio(comparable), summary, _sparse_caution(summary))


def _pooled_ratio(comparable: pl.DataFrame) -> Interval:
    if comparable.height == 0:
        return Interval.missing("no stratum holds both partner-attached and direct closed deals")
    a, b, c, d = (comparable[name].to_numpy() for name in ("a", "b", "c", "d"))
    if a.sum() == 0 or c.sum() == 0:
        side = "partner-attached" if a.sum() == 0 else "direct"
        return Interval.missing(f"no {side} deal was won in the comparable strata")
    tables = np.stack([np.stack([a, b]), np.stack([c, d])])
    ratio = float(StratifiedTable(tables).riskratio_pooled)
    return log_scale_interval(ratio, math.sqrt(greenland_robins_variance(a, b, c, d)))


def greenland_robins_variance(a: Counts, b: Counts, c: Counts, d: Counts) -> float:
    """Var(log RR_MH) = sum((m1 n1 n0 - a c n) / n^2) / (sum(a n0 / n) * sum(c n1 / n))."""
    n1, n0 = a + b, c + d
    n = n1 + n0
    numerator = ((a + c) * n1 * n0 - a * c * n) / n**2
    return float(numerator.sum() / ((a * n0 / n).sum() * (c * n1 / n).sum()))


def _sparse_caution(summary: StrataSummary) -> str | None:
    if summary.deals == 0 or summary.deals_outside_comparable <= SPARSE_SHARE * summary.deals:
        return None
    return (
        f"Adjusted uplift (matched strata): {summary.deals_outside_comparable} of {summary.deals} closed deals sit in "
        f"strata with no partner-attached or no direct deal to compare with ({summary.comparable_strata} of "
        f"{summary.strata} strata comparable), so they do not count; the matched figure rests on the rest."
    )
