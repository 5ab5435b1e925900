"""The tier rule's dates on open deals: a touch counts up to the expected close and never from the future."""

from datetime import date

from partnerops.domain.enums import Tier, TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy
from partnerops.domain.tiers import OpportunitySpan, TouchFact, attribute_opportunity, why_not_counted

POLICY = AttributionPolicy(version="test")
OPEN = OpportunitySpan(created=date(2026, 3, 1), closed=None, expected_close=date(2026, 5, 31))
TODAY = date(2026, 6, 15)


def poc(touch_id: int, day: date) -> TouchFact:
    return TouchFact(touch_id, 1, TouchType.POC, day, TouchStatus.CONFIRMED)


def test_a_second_touch_after_the_expected_close_does_not_make_co_sell() -> None:
    found = attribute_opportunity(OPEN, [poc(1, date(2026, 4, 1)), poc(2, date(2026, 6, 2))], [OPEN], POLICY, TODAY)
    assert [(a.tier, [t.touch_id for t in a.evidence]) for a in found] == [(Tier.INFLUENCE, [1])]


def test_a_touch_on_the_expected_close_still_counts() -> None:
    found = attribute_opportunity(OPEN, [poc(1, date(2026, 4, 1)), poc(2, date(2026, 5, 31))], [OPEN], POLICY, TODAY)
    assert [a.tier for a in found] == [Tier.CO_SELL]


def test_a_touch_dated_after_the_run_day_does_not_count_on_any_deal() -> None:
    closed = OpportunitySpan(created=date(2026, 3, 1), closed=date(2026, 9, 30))
    touches = [poc(1, date(2026, 4, 1)), poc(2, date(2026, 6, 16))]
    assert [a.tier for a in attribute_opportunity(closed, touches, [closed], POLICY, TODAY)] == [Tier.INFLUENCE]
    assert [a.tier for a in attribute_opportunity(closed, touches, [closed], POLICY)] == [Tier.CO_SELL]


def test_the_reasons_name_the_expected_close_and_the_run_day() -> None:
    assert why_not_counted(poc(2, date(2026, 6, 2)), OPEN, POLICY, TODAY) == (
        "dated after the open opportunity's expected close (2026-05-31)"
    )
    assert why_not_counted(poc(3, date(2026, 6, 20)), OPEN, POLICY, TODAY) == (
        "dated in the future (after 2026-06-15, the day of the attribution run)"
    )
    assert why_not_counted(poc(4, date(2026, 5, 1)), OPEN, POLICY, TODAY) is None
