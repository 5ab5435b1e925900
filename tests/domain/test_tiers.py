"""The tier rule at its edges, without a database."""

from datetime import date

import pytest

from partnerops.domain.enums import Tier, TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy, PolicyError
from partnerops.domain.tiers import (
    OpportunitySpan,
    PartnerAttribution,
    TouchFact,
    attribute_opportunity,
    opportunity_tier,
)

POLICY = AttributionPolicy(version="test")
DEAL = OpportunitySpan(created=date(2026, 3, 1), closed=date(2026, 6, 30))


def touch(
    touch_id: int,
    day: date,
    kind: TouchType = TouchType.POC,
    partner: int = 1,
    status: TouchStatus = TouchStatus.CONFIRMED,
) -> TouchFact:
    return TouchFact(touch_id, partner, kind, day, status)


def tiers(
    touches: list[TouchFact], policy: AttributionPolicy = POLICY, others: tuple[OpportunitySpan, ...] = ()
) -> dict[int, Tier]:
    results = attribute_opportunity(DEAL, touches, (DEAL, *others), policy)
    return {r.partner_id: r.tier for r in results}


def test_one_qualifying_touch_is_influence() -> None:
    assert tiers([touch(1, date(2026, 4, 1))]) == {1: Tier.INFLUENCE}


def test_second_qualifying_touch_promotes_influence_to_co_sell() -> None:
    assert tiers([touch(1, date(2026, 4, 1)), touch(2, date(2026, 5, 1), TouchType.JOINT_CALL)]) == {
        1: Tier.CO_SELL
    }


def test_touch_on_the_close_date_counts() -> None:
    assert tiers([touch(1, date(2026, 6, 30))]) == {1: Tier.INFLUENCE}


def test_touch_on_the_close_date_does_not_count_when_the_policy_excludes_it() -> None:
    policy = POLICY.model_copy(
        update={"window": POLICY.window.model_copy(update={"include_close_date": False})}
    )
    assert tiers([touch(1, date(2026, 6, 30))], policy) == {}


def test_touch_after_close_does_not_count() -> None:
    assert tiers([touch(1, date(2026, 7, 1))]) == {}


def test_touch_before_creation_counts_only_within_the_look_back() -> None:
    early = [touch(1, date(2026, 2, 20))]
    assert tiers(early) == {}
    policy = POLICY.model_copy(update={"window": POLICY.window.model_copy(update={"lookback_days": 10})})
    assert tiers(early, policy) == {1: Tier.INFLUENCE}


def test_rejected_touch_never_counts() -> None:
    assert tiers([touch(1, date(2026, 4, 1), status=TouchStatus.REJECTED)]) == {}


def test_claimed_touch_counts_only_when_the_policy_counts_unconfirmed() -> None:
    claimed = [touch(1, date(2026, 4, 1), status=TouchStatus.CLAIMED)]
    assert tiers(claimed) == {}
    assert tiers(claimed, POLICY.model_copy(update={"count_unconfirmed": True})) == {1: Tier.INFLUENCE}


def test_approved_deal_registration_sources_the_deal() -> None:
    assert tiers([touch(1, date(2026, 2, 15), TouchType.DEAL_REGISTRATION)]) == {1: Tier.SOURCED}


def test_unapproved_deal_registration_does_not_source_even_when_claims_count() -> None:
    claimed = [touch(1, date(2026, 4, 1), TouchType.DEAL_REGISTRATION, status=TouchStatus.CLAIMED)]
    assert tiers(claimed, POLICY.model_copy(update={"count_unconfirmed": True})) == {1: Tier.INFLUENCE}


def test_referral_before_creation_with_no_open_opportunity_sources_the_deal() -> None:
    assert tiers([touch(1, date(2026, 2, 1), TouchType.REFERRAL)]) == {1: Tier.SOURCED}


def test_referral_on_the_creation_day_sources_the_deal() -> None:
    assert tiers([touch(1, date(2026, 3, 1), TouchType.REFERRAL)]) == {1: Tier.SOURCED}


def test_referral_while_another_opportunity_is_open_on_the_account_does_not_source() -> None:
    other = OpportunitySpan(created=date(2026, 1, 1), closed=date(2026, 5, 1))
    assert tiers([touch(1, date(2026, 2, 1), TouchType.REFERRAL)], others=(other,)) == {}


def test_referral_after_creation_is_only_a_qualifying_touch() -> None:
    assert tiers([touch(1, date(2026, 4, 1), TouchType.EXECUTIVE_INTRO)]) == {1: Tier.INFLUENCE}


def test_two_partners_get_their_own_tiers_and_the_deal_takes_the_highest() -> None:
    touches = [
        touch(1, date(2026, 4, 1), partner=1),
        touch(2, date(2026, 4, 2), partner=2),
        touch(3, date(2026, 5, 2), TouchType.JOINT_CALL, partner=2),
    ]
    results = attribute_opportunity(DEAL, touches, (DEAL,), POLICY)
    assert {r.partner_id: r.tier for r in results} == {1: Tier.INFLUENCE, 2: Tier.CO_SELL}
    assert opportunity_tier(results) is Tier.CO_SELL


def test_deal_with_no_partner_is_direct() -> None:
    assert opportunity_tier([]) is Tier.DIRECT


def test_raising_the_co_sell_threshold_demotes_two_touches_to_influence() -> None:
    two = [touch(1, date(2026, 4, 1)), touch(2, date(2026, 5, 1))]
    assert tiers(two, POLICY.model_copy(update={"co_sell_threshold": 3})) == {1: Tier.INFLUENCE}


def test_explanation_cites_the_tier_and_each_touch() -> None:
    result = PartnerAttribution(
        7, Tier.CO_SELL, (touch(1, date(2026, 3, 2), TouchType.EXECUTIVE_INTRO), touch(2, date(2026, 4, 11)))
    )
    assert result.explain("Acme Cloud") == "Acme Cloud: co-sell — executive_intro 2026-03-02, poc 2026-04-11"


def test_policy_with_unknown_touch_type_is_refused_with_the_field_named() -> None:
    with pytest.raises(PolicyError, match="qualifying_touch_types"):
        AttributionPolicy.from_mapping({"version": "x", "qualifying_touch_types": ["coffee"]})
