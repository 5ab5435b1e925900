"""Proportions with honest intervals: win rates (Wilson) and the uplift ratio of two win rates."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

CONFIDENCE = 0.95
SMALL_SAMPLE = 30
WIN_RATE_METHOD = "Wilson score interval (statsmodels proportion_confint, method='wilson')"
# The log interval with a 0.5 adjustment stays finite and real when a group won all or none of its deals,
# where statsmodels' score interval for a ratio fails to find its roots.
UPLIFT_METHOD = (
    "Katz log interval with a 0.5 adjustment for a ratio of two independent proportions "
    "(statsmodels confint_proportions_2indep, compare='ratio', method='log-adjusted')"
)


@dataclass(frozen=True)
class Interval:
    """A point estimate with its 95% interval; when undefined all three are None and `undefined` says why."""

    value: float | None
    low: float | None
    high: float | None
    undefined: str | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None

    @classmethod
    def missing(cls, reason: str) -> Interval:
        return cls(None, None, None, reason)


def win_rate(won: int, closed: int) -> Interval:
    """won / closed with a 95% Wilson interval; undefined when nothing closed."""
    if closed == 0:
        return Interval.missing("no closed deals")
    low, high = proportion_confint(won, closed, alpha=1 - CONFIDENCE, method="wilson")
    return Interval(won / closed, float(low), float(high))


def uplift(won: int, closed: int, base_won: int, base_closed: int) -> Interval:
    """(won / closed) / (base_won / base_closed) with a 95% interval, or why it is undefined."""
    if base_closed == 0:
        return Interval.missing("no closed direct deals to compare with")
    if closed == 0:
        return Interval.missing("no closed partner-attached deals")
    if base_won == 0:
        return Interval.missing("no direct deal was won, so the ratio is unbounded")
    low, high = confint_proportions_2indep(
        won, closed, base_won, base_closed, method="log-adjusted", compare="ratio", alpha=1 - CONFIDENCE
    )
    value = (won / closed) / (base_won / base_closed)
    return Interval(value, _finite_or_none(low), _finite_or_none(high))


def log_scale_interval(ratio: float, log_se: float) -> Interval:
    """A ratio with the 95% interval exp(log ratio ± z·se); an end too far out to represent is None (∞)."""
    if not (math.isfinite(ratio) and ratio > 0 and math.isfinite(log_se)):
        return Interval.missing("the estimate is not finite: the data cannot pin the ratio down")
    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    low, high = (math.log(ratio) + sign * z * log_se for sign in (-1, 1))
    return Interval(ratio, math.exp(low) if low > -_MAX_LOG else 0.0, math.exp(high) if high < _MAX_LOG else None)


_MAX_LOG = 700.0  # exp(700) is about 1e304, near the largest float


def _finite_or_none(bound: float) -> float | None:
    bound = float(bound)
    return bound if math.isfinite(bound) else None


def small_sample_caution(closed: int, what: str) -> str | None:
    """A plain-language warning when a figure rests on fewer closed deals than `SMALL_SAMPLE`."""
    if closed >= SMALL_SAMPLE:
        return None
    return (
        f"{what}: only {closed} closed deal{'s' if closed != 1 else ''} "
        f"(fewer than {SMALL_SAMPLE}); treat the rate as a rough indication, the interval is wide."
    )
