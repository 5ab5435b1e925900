"""The vectorised tier engine agrees with the reference rule in `domain.tiers` on any data and policy."""

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.tiers import attribution_tiers
from tier_cases import as_of_days, as_tiers, frames, opportunities, policies, reference_tiers, touches


@settings(max_examples=150)
@given(data=st.data())
def test_vectorised_tiers_equal_the_reference_rule(data: st.DataObject) -> None:
    opps = data.draw(opportunities())
    policy = data.draw(policies())
    touch_rows = data.draw(touches(len(opps)))
    as_of = data.draw(as_of_days())
    result = attribution_tiers(*frames(opps, touch_rows), policy, as_of)
    assert as_tiers(result) == reference_tiers(opps, touch_rows, policy, as_of)
