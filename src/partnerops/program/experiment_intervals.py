"""Intervals for comparing a cohort with its control: Katz (log) for a ratio of win rates, Newcombe for their
difference, a percentile bootstrap over partners for per-partner metrics."""

from __future__ import annotations

import numpy as np
from scipy.stats import bootstrap
from statsmodels.stats.proportion import confint_proportions_2indep

from partnerops.analytics.stats import CONFIDENCE, Interval, uplift

RESAMPLES = 2000
SEED = 0


def rate_comparison(won: int, closed: int, base_won: int, base_closed: int, ratio: bool) -> Interval:
    for count, group in ((closed, "cohort"), (base_closed, "control")):
        if count == 0:
            return Interval.missing(f"the {group} has no closed deal in the window")
    if ratio and base_won == 0:
        return Interval.missing("the control won no deal, so the ratio is unbounded")
    if ratio:
        return uplift(won, closed, base_won, base_closed)
    low, high = confint_proportions_2indep(won, closed, base_won, base_closed, method="newcomb", compare="diff",
                                           alpha=1 - CONFIDENCE)  # fmt: skip
    return Interval(won / closed - base_won / base_closed, float(low), float(high))


def mean_comparison(cohort: np.ndarray, control: np.ndarray, ratio: bool) -> Interval:
    """Ratio (cohort mean / control mean) or difference of means, with a 95% percentile bootstrap interval."""
    if cohort.size < 2 or control.size < 2:
        return Interval.missing("each set needs at least two partners for an interval")
    if ratio and control.mean() == 0:
        return Interval.missing("the control's mean is zero, so the ratio is unbounded")

    def statistic(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        if ratio:
            base = np.mean(b, axis=axis)
            return np.asarray(np.divide(np.mean(a, axis=axis), base, out=np.full_like(base, np.inf), where=base != 0))
        return np.asarray(np.mean(a, axis=axis) - np.mean(b, axis=axis))

    rng = np.random.default_rng(SEED)
    result = bootstrap((cohort, control), statistic, n_resamples=RESAMPLES, method="percentile",
                       confidence_level=CONFIDENCE, random_state=rng, vectorized=True)  # fmt: skip
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    return Interval(float(statistic(cohort, control)), low, high if np.isfinite(high) else None)
