"""Uplift of partner-attached over direct deals adjusted for deal size, segment, region and period, two ways,
and the incremental won revenue the regression implies."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl
from scipy.stats import norm

from partnerops.analytics.adjusted_regression import (
    REGRESSION_INTERVAL,
    REGRESSION_METHOD,
    Standardised,
    standardised_uplift,
)
from partnerops.analytics.adjusted_strata import MH_INTERVAL, MH_METHOD, StrataSummary, mantel_haenszel_uplift
from partnerops.analytics.stats import CONFIDENCE, Interval, small_sample_caution
from partnerops.domain.money import Money

INCREMENTAL_METHOD = (
    "won amount of partner-attached deals minus the amount the regression expects them to win at the direct "
    "rate (sum of amount x predicted direct win probability); 95% interval by the delta method"
)


@dataclass(frozen=True)
class IncrementalRevenue:
    """Partner-attached won amount minus what the same deals would be expected to win as direct deals."""

    attached_won: Money
    expected_at_direct: Money | None
    estimate: Money | None
    low: Money | None
    high: Money | None
    undefined: str | None = None


@dataclass(frozen=True)
class AdjustedUplift:
    """Raw and adjusted uplift side by side, each a risk ratio with its 95% interval."""

    raw: Interval
    regression: Interval
    mantel_haenszel: Interval
    incremental: IncrementalRevenue
    strata: StrataSummary
    regression_method: str = REGRESSION_METHOD
    regression_interval: str = REGRESSION_INTERVAL
    mantel_haenszel_method: str = MH_METHOD
    mantel_haenszel_interval: str = MH_INTERVAL
    incremental_method: str = INCREMENTAL_METHOD
    cautions: tuple[str, ...] = ()


def adjusted_uplift(deals: pl.DataFrame, raw: Interval, currency: str) -> AdjustedUplift:
    """Adjusted figures over closed deals (won, attached, value_minor, band, segment, region, period)."""
    standardised = standardised_uplift(deals)
    matched = mantel_haenszel_uplift(deals)
    attached = deals.filter(pl.col("attached"))
    small = small_sample_caution(attached.height, "Adjusted uplift: partner-attached deals")
    small_direct = small_sample_caution(deals.height - attached.height, "Adjusted uplift: direct deals")
    cautions = (small, small_direct, *standardised.cautions, matched.caution)
    return AdjustedUplift(
        raw=raw,
        regression=standardised.risk_ratio,
        mantel_haenszel=matched.risk_ratio,
        incremental=_incremental(attached, standardised, currency),
        strata=matched.summary,
        cautions=tuple(c for c in cautions if c),
    )


def _incremental(attached: pl.DataFrame, standardised: Standardised, currency: str) -> IncrementalRevenue:
    won_minor = int(attached.filter(pl.col("won"))["value_minor"].sum())
    attached_won = Money.from_minor(won_minor, currency)
    expected, spread = standardised.expected_direct_minor, standardised.expected_direct_se
    if expected is None or spread is None or not (math.isfinite(expected) and math.isfinite(spread)):
        reason = standardised.risk_ratio.undefined or "the regression gave no finite expectation"
        return IncrementalRevenue(attached_won, None, None, None, None, reason)
    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    estimate = won_minor - expected
    return IncrementalRevenue(
        attached_won=attached_won,
        expected_at_direct=_estimated_money(expected, currency),
        estimate=_estimated_money(estimate, currency),
        low=_estimated_money(estimate - z * spread, currency),
        high=_estimated_money(estimate + z * spread, currency),
    )


def _estimated_money(minor: float, currency: str) -> Money:
    """A model estimate in minor units, rounded once to the currency's minor unit (won amounts stay exact)."""
    return Money.from_minor(round(minor), currency)
