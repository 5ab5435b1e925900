"""Rate bands over year-to-date revenue, marginal and cliff, and the caps (pure: no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from commissions.commission_kit import make_plan
from partnerops.commissions.plan import CapRules, RateMethod
from partnerops.commissions.rates import banded_commission, capped_commission, rate_at

BANDS = make_plan().bands
THRESHOLD = Decimal(50_000)
LOW, HIGH = Decimal("0.20"), Decimal("0.40")
amounts = st.decimals(min_value=0, max_value=200_000, places=2)


def test_a_deal_ending_exactly_at_the_threshold_is_paid_the_low_rate_marginally_and_the_high_rate_on_a_cliff() -> None:
    marginal = banded_commission(BANDS, RateMethod.MARGINAL, Decimal(40_000), Decimal(10_000))
    cliff = banded_commission(BANDS, RateMethod.CLIFF, Decimal(40_000), Decimal(10_000))
    assert marginal == Decimal(2_000)
    assert cliff == Decimal(4_000)


def test_one_cent_below_the_threshold_both_methods_pay_the_low_rate() -> None:
    revenue = Decimal("9999.99")
    assert banded_commission(BANDS, RateMethod.MARGINAL, Decimal(40_000), revenue) == revenue * LOW
    assert banded_commission(BANDS, RateMethod.CLIFF, Decimal(40_000), revenue) == revenue * LOW


def test_the_threshold_itself_belongs_to_the_upper_band() -> None:
    assert rate_at(BANDS, THRESHOLD - Decimal("0.01")) == LOW
    assert rate_at(BANDS, THRESHOLD) == HIGH


@given(ytd=amounts, revenue=amounts)
def test_marginal_pays_the_low_rate_below_the_threshold_and_the_high_rate_above(ytd: Decimal, revenue: Decimal) -> None:
    below = max(min(ytd + revenue, THRESHOLD) - ytd, Decimal(0))
    expected = below * LOW + (revenue - below) * HIGH
    assert banded_commission(BANDS, RateMethod.MARGINAL, ytd, revenue) == expected


@given(ytd=amounts, revenue=amounts)
def test_cliff_pays_the_whole_deal_at_the_rate_its_year_to_date_reaches(ytd: Decimal, revenue: Decimal) -> None:
    rate = HIGH if ytd + revenue >= THRESHOLD else LOW
    assert banded_commission(BANDS, RateMethod.CLIFF, ytd, revenue) == revenue * rate


@given(ytd=amounts, revenue=amounts)
def test_cliff_never_pays_less_than_marginal(ytd: Decimal, revenue: Decimal) -> None:
    cliff = banded_commission(BANDS, RateMethod.CLIFF, ytd, revenue)
    assert cliff >= banded_commission(BANDS, RateMethod.MARGINAL, ytd, revenue)


def test_the_per_deal_cap_limits_one_deal() -> None:
    capped = capped_commission(Decimal(30_000), CapRules(per_deal=Decimal(25_000)), Decimal(0))
    assert capped.amount == Decimal(25_000)
    assert capped.capped_by == "per-deal cap 25000"


def test_the_yearly_cap_pays_only_what_is_left_of_it() -> None:
    capped = capped_commission(Decimal(8_000), CapRules(per_partner_year=Decimal(100_000)), Decimal(95_000))
    assert capped.amount == Decimal(5_000)
    assert capped_commission(Decimal(8_000), CapRules(per_partner_year=Decimal(100_000)), Decimal(120_000)).amount == 0
