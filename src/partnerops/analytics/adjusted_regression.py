"""Uplift adjusted by logistic regression and marginal standardisation, with delta-method intervals.

won ~ attached + band + segment + region + period (statsmodels GLM, binomial family, logit link). Every closed
deal is predicted twice, once as partner-attached and once as direct; the adjusted risk ratio is the ratio of
the two mean predictions. Incremental won revenue is what partner-attached deals won minus what the model
expects them to have won had they been direct.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy.special import expit
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from partnerops.analytics.stats import Interval, log_scale_interval

FACTORS = ("band", "segment", "region", "period")
EVENTS_PER_PARAMETER = 10
REGRESSION_METHOD = (
    "logistic regression of won on attached + deal-size band + segment + region + period "
    "(statsmodels GLM, binomial), risk ratio by marginal standardisation (everyone attached vs everyone direct)"
)
REGRESSION_INTERVAL = "delta method on the log of the standardised risk ratio, from the model's covariance"

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Standardised:
    """The standardised risk ratio and the expected direct-rate won amount of partner-attached deals."""

    risk_ratio: Interval
    expected_direct_minor: float | None
    expected_direct_se: float | None
    cautions: tuple[str, ...] = ()


def standardised_uplift(deals: pl.DataFrame) -> Standardised:
    """Fit the model on closed deals (won, attached, value_minor and the FACTORS) and standardise."""
    design = _design(deals)
    won = deals["won"].cast(pl.Float64).to_numpy()
    unusable = _unusable(design, won, deals)
    if unusable:
        return Standardised(Interval.missing(unusable), None, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = sm.GLM(won, design, family=sm.families.Binomial()).fit()
    beta, covariance = np.asarray(fit.params), np.asarray(fit.cov_params())
    as_attached, as_direct = _counterfactual(design, 1.0), _counterfactual(design, 0.0)
    ratio = _ratio(as_attached, as_direct, beta, covariance)
    attached = deals["attached"].to_numpy()
    # An unknown amount adds nothing, as it adds nothing to the won amount this is compared with.
    amounts = deals["value_minor"].fill_null(0).cast(pl.Float64).to_numpy() * attached
    expected, spread = _expected_amount(as_direct, amounts, beta, covariance)
    return Standardised(ratio, expected, spread, _cautions(caught, design, won))


def _design(deals: pl.DataFrame) -> Matrix:
    """Intercept, attached, then one indicator per factor level but the first (treatment coding)."""
    factors = deals.select(FACTORS).to_dummies(drop_first=True)
    columns = [np.ones(deals.height), deals["attached"].cast(pl.Float64).to_numpy()]
    columns += [factors[name].cast(pl.Float64).to_numpy() for name in sorted(factors.columns)]
    return np.column_stack(columns)


def _unusable(design: Matrix, won: Matrix, deals: pl.DataFrame) -> str | None:
    if deals.height == 0 or deals["attached"].all() or not deals["attached"].any():
        return "needs closed deals both partner-attached and direct"
    if won.min() == won.max():
        return "every closed deal has the same outcome"
    if np.linalg.matrix_rank(design) < design.shape[1]:
        return "partner attachment cannot be told apart from deal size, segment, region or period in this data"
    return None


def _counterfactual(design: Matrix, attached: float) -> Matrix:
    copy = design.copy()
    copy[:, 1] = attached
    return copy


def _ratio(as_attached: Matrix, as_direct: Matrix, beta: Matrix, covariance: Matrix) -> Interval:
    p1, p0 = expit(as_attached @ beta), expit(as_direct @ beta)
    ratio = float(p1.mean() / p0.mean())
    gradient = _mean_gradient(as_attached, p1) / p1.mean() - _mean_gradient(as_direct, p0) / p0.mean()
    return log_scale_interval(ratio, math.sqrt(max(float(gradient @ covariance @ gradient), 0.0)))


def _mean_gradient(design: Matrix, probability: Matrix) -> Matrix:
    """d mean(p) / d beta for a logistic model."""
    gradient: Matrix = (design * (probability * (1 - probability))[:, None]).mean(axis=0)
    return gradient


def _expected_amount(as_direct: Matrix, amounts: Matrix, beta: Matrix, covariance: Matrix) -> tuple[float, float]:
    """Sum of amount x direct-rate probability over partner-attached deals, and its delta-method error."""
    p0 = expit(as_direct @ beta)
    gradient = (as_direct * (amounts * p0 * (1 - p0))[:, None]).sum(axis=0)
    return float(amounts @ p0), math.sqrt(max(float(gradient @ covariance @ gradient), 0.0))


def _cautions(caught: list[warnings.WarningMessage], design: Matrix, won: Matrix) -> tuple[str, ...]:
    found = []
    if any(issubclass(w.category, PerfectSeparationWarning | ConvergenceWarning) for w in caught):
        found.append(
            "Adjusted uplift (regression): some band, segment, region or period won or lost every deal, so the "
            "model could not settle; prefer the Mantel–Haenszel figure and read both as rough."
        )
    events = int(min(won.sum(), len(won) - won.sum()))
    if events < EVENTS_PER_PARAMETER * design.shape[1]:
        found.append(
            f"Adjusted uplift (regression): {design.shape[1]} model terms for only {events} "
            f"{'wins' if won.sum() <= len(won) / 2 else 'losses'} (fewer than {EVENTS_PER_PARAMETER} per term); "
            "the adjusted ratio may be unstable and its interval optimistic."
        )
    return tuple(found)
