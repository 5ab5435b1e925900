"""Adjusted uplift: a planted confounder the raw ratio falls for and the adjusted ratios see through, checked
against plain recomputations, and the edges where a stratum or a whole group is missing."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report

AS_OF = date(2026, 1, 15)
SMALL, LARGE = 10_000_00, 150_000_00  # minor units: bands <25k and 100k–250k
# (band amount, attached, won, count): partners sit mostly on large deals, which win more anyway. Within each
# band partner-attached deals win 1.5 times as often as direct ones (0.3 vs 0.2, 0.75 vs 0.5).
CONFOUNDED = [
    (LARGE, True, True, 120), (LARGE, True, False, 40), (LARGE, False, True, 20), (LARGE, False, False, 20),
    (SMALL, True, True, 12), (SMALL, True, False, 28), (SMALL, False, True, 32), (SMALL, False, False, 128),
]  # fmt: skip


def seed(engine: Engine, plan: list[tuple[int, bool, bool, int]]) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme")
        for amount, attached, won, count in plan:
            for _ in range(count):
                rows.deal("won" if won else "lost", amount, partners={acme: "co_sell"} if attached else None)


def report(engine: Engine) -> ImpactReport:
    return impact_report(engine, ImpactOptions(as_of=AS_OF))


def plain_mantel_haenszel(strata: list[tuple[int, int, int, int]]) -> tuple[float, float]:
    """RR_MH and the Greenland–Robins variance of its log, one stratum (a, b, c, d) at a time."""
    top = bottom = spread = 0.0
    for a, b, c, d in strata:
        n1, n0, n = a + b, c + d, a + b + c + d
        top += a * n0 / n
        bottom += c * n1 / n
        spread += ((a + c) * n1 * n0 - a * c * n) / n**2
    return top / bottom, spread / (top * bottom)


def test_raw_uplift_overstates_a_confounded_effect_and_adjusted_recovers_it(engine: Engine) -> None:
    seed(engine, CONFOUNDED)
    adjusted = report(engine).adjusted
    assert adjusted.raw.value == pytest.approx((132 / 200) / (52 / 200))  # 2.54
    assert adjusted.raw.low is not None and adjusted.raw.low > 1.5
    for estimate in (adjusted.regression, adjusted.mantel_haenszel):
        assert estimate.low is not None and estimate.high is not None
        assert estimate.low <= 1.5 <= estimate.high
    assert adjusted.mantel_haenszel.value == pytest.approx(1.5)


def test_mantel_haenszel_interval_equals_a_plain_greenland_robins_computation(engine: Engine) -> None:
    seed(engine, CONFOUNDED)
    matched = report(engine).adjusted.mantel_haenszel
    ratio, variance = plain_mantel_haenszel([(120, 40, 20, 20), (12, 28, 32, 128)])
    z = 1.959963984540054
    assert matched.value == pytest.approx(ratio)
    assert matched.low == pytest.approx(ratio * math.exp(-z * math.sqrt(variance)))
    assert matched.high == pytest.approx(ratio * math.exp(z * math.sqrt(variance)))


def confounded_frame() -> pd.DataFrame:
    rows = [(amount == LARGE, attached, won) for amount, attached, won, count in CONFOUNDED for _ in range(count)]
    return pd.DataFrame(rows, columns=["large", "attached", "won"]).astype(float)


def test_regression_uplift_and_incremental_revenue_equal_a_formula_fit(engine: Engine) -> None:
    seed(engine, CONFOUNDED)
    adjusted = report(engine).adjusted
    frame = confounded_frame()
    fit = smf.glm("won ~ attached + large", data=frame, family=sm.families.Binomial()).fit()
    as_attached, as_direct = fit.predict(frame.assign(attached=1.0)), fit.predict(frame.assign(attached=0.0))
    assert adjusted.regression.value == pytest.approx(as_attached.mean() / as_direct.mean())
    amounts = np.where(frame["large"] == 1, 150_000, 10_000) * frame["attached"]
    expected = float((amounts * as_direct).sum())
    incremental = adjusted.incremental
    assert incremental.attached_won.amount == 120 * 150_000 + 12 * 10_000
    assert incremental.expected_at_direct is not None and incremental.estimate is not None
    assert float(incremental.expected_at_direct.amount) == pytest.approx(expected, abs=0.01)
    assert float(incremental.estimate.amount) == pytest.approx(120 * 150_000 + 12 * 10_000 - expected, abs=0.01)
    assert incremental.low is not None and incremental.high is not None
    assert incremental.low < incremental.estimate < incremental.high


def test_a_stratum_without_direct_deals_drops_out_of_the_matched_ratio_and_is_counted(engine: Engine) -> None:
    plan = [*CONFOUNDED, (300_000_00, True, True, 5), (300_000_00, True, False, 5)]
    seed(engine, plan)
    adjusted = report(engine).adjusted
    assert adjusted.mantel_haenszel.value == pytest.approx(1.5)
    strata = adjusted.strata
    assert (strata.strata, strata.comparable_strata, strata.deals_outside_comparable) == (3, 2, 10)
    assert adjusted.regression.defined


def test_with_every_deal_in_one_band_adjusted_equals_raw(engine: Engine) -> None:
    seed(
        engine, [(SMALL, True, True, 30), (SMALL, True, False, 20), (SMALL, False, True, 15), (SMALL, False, False, 35)]
    )
    adjusted = report(engine).adjusted
    assert adjusted.raw.value == pytest.approx(2.0)
    assert adjusted.regression.value == pytest.approx(2.0)
    assert adjusted.mantel_haenszel.value == pytest.approx(2.0)
    # one stratum: the Greenland-Robins interval is the Katz log interval 1/a - 1/n1 + 1/c - 1/n0
    katz = math.sqrt(1 / 30 - 1 / 50 + 1 / 15 - 1 / 50)
    assert adjusted.mantel_haenszel.high == pytest.approx(2.0 * math.exp(1.959963984540054 * katz))


def test_segment_and_region_adjust_and_a_missing_one_reads_unknown(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme")
        enterprise = rows.account("Big", segment="enterprise", region="EMEA")
        for account, attached, won, count in [
            (enterprise, True, True, 30), (enterprise, True, False, 10), (enterprise, False, True, 5),
            (enterprise, False, False, 5), (None, True, True, 3), (None, True, False, 7),
            (None, False, True, 4), (None, False, False, 36),
        ]:  # fmt: skip
            for _ in range(count):
                tier = {acme: "influence"} if attached else None
                rows.deal("won" if won else "lost", SMALL, partners=tier, account_id=account)
    adjusted = report(engine).adjusted
    ratio, _ = plain_mantel_haenszel([(30, 10, 5, 5), (3, 7, 4, 36)])
    assert adjusted.mantel_haenszel.value == pytest.approx(ratio)
    assert adjusted.strata.strata == 2  # the account without segment and region is its own 'unknown' stratum


def test_without_direct_deals_the_adjusted_figures_say_why(engine: Engine) -> None:
    seed(engine, [(SMALL, True, True, 3), (SMALL, True, False, 2)])
    adjusted = report(engine).adjusted
    assert not adjusted.regression.defined and "both partner-attached and direct" in (
        adjusted.regression.undefined or ""
    )
    assert not adjusted.mantel_haenszel.defined
    assert adjusted.incremental.estimate is None and adjusted.incremental.undefined
    assert any("only 0 closed deals" in caution for caution in adjusted.cautions)


def test_small_samples_and_sparse_strata_get_plain_cautions(engine: Engine) -> None:
    seed(engine, [(SMALL, True, True, 4), (SMALL, True, False, 2), (SMALL, False, True, 1), (SMALL, False, False, 3),
                  (LARGE, True, True, 6), (LARGE, True, False, 4)])  # fmt: skip
    cautions = " ".join(report(engine).adjusted.cautions)
    assert "Adjusted uplift: partner-attached deals: only 16 closed deals" in cautions
    assert "10 of 20 closed deals sit in strata with no partner-attached or no direct deal" in cautions
    assert "model terms for only" in cautions
