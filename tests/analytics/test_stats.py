"""Win-rate and uplift intervals: the library's numbers, and a stated reason when a figure is undefined."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from partnerops.analytics.stats import SMALL_SAMPLE, log_scale_interval, small_sample_caution, uplift, win_rate


def test_win_rate_carries_the_wilson_interval() -> None:
    rate = win_rate(7, 20)
    low, high = proportion_confint(7, 20, alpha=0.05, method="wilson")
    assert (rate.value, rate.low, rate.high) == (pytest.approx(0.35), pytest.approx(low), pytest.approx(high))


def test_win_rate_of_nothing_closed_is_undefined() -> None:
    rate = win_rate(0, 0)
    assert not rate.defined and rate.undefined == "no closed deals"


def test_uplift_is_the_ratio_of_win_rates_with_its_interval() -> None:
    result = uplift(30, 50, 20, 100)
    low, high = confint_proportions_2indep(30, 50, 20, 100, method="log-adjusted", compare="ratio")
    assert result.value == pytest.approx(3.0)
    assert (result.low, result.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        ((3, 5, 0, 0), "no closed direct deals"),
        ((0, 0, 3, 5), "no closed partner-attached deals"),
        ((3, 5, 0, 4), "no direct deal was won"),
    ],
)
def test_uplift_without_a_comparison_says_why(counts: tuple[int, int, int, int], reason: str) -> None:
    result = uplift(*counts)
    assert not result.defined and result.undefined is not None and reason in result.undefined


def test_a_small_sample_gets_a_plain_caution_and_a_large_one_none() -> None:
    caution = small_sample_caution(4, "Partner Acme")
    assert caution is not None and caution.startswith("Partner Acme: only 4 closed deals")
    assert small_sample_caution(SMALL_SAMPLE, "Partner Acme") is None


def test_a_log_scale_interval_is_symmetric_around_the_log_and_open_when_too_wide() -> None:
    ratio = log_scale_interval(2.0, 0.1)
    assert (ratio.low, ratio.high) == (
        pytest.approx(2.0 * math.exp(-1.96 * 0.1), rel=1e-4),
        pytest.approx(2.0 * math.exp(1.96 * 0.1), rel=1e-4),
    )
    unbounded = log_scale_interval(2.0, 1_000.0)
    assert unbounded.value == 2.0 and unbounded.high is None and unbounded.low == 0.0
    assert not log_scale_interval(float("nan"), 0.1).defined
