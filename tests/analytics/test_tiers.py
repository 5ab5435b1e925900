"""The vectorised tier engine agrees with the reference rule in `domain.tiers` on any data and policy."""

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.tiers import attribution_tiers
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy, SourcedRule, Window
from partnerops.domain.tiers import OpportunitySpan, TouchFact, attribute_opportunity

START = date(2026, 1, 1)
days = st.integers(min_value=0, max_value=60)


@st.composite
def opportunities(draw: st.DrawFn) -> list[tuple[int, int, date, date | None]]:
    count = draw(st.integers(min_value=1, max_value=6))
    rows = []
    for opportunity_id in range(1, count + 1):
        created = START + timedelta(days=draw(days))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
        closed = None if length is None else created + timedelta(days=length)
        rows.append((opportunity_id, draw(st.integers(min_value=1, max_value=2)), created, closed))
    return rows


@st.composite
def policies(draw: st.DrawFn) -> AttributionPolicy:
    influence = draw(st.integers(min_value=1, max_value=2))
    return AttributionPolicy(
        version="property",
        qualifying_touch_types=tuple(draw(st.sets(st.sampled_from(list(TouchType)), min_size=1))),
        co_sell_threshold=draw(st.integers(min_value=influence, max_value=3)),
        influence_threshold=influence,
        window=Window(lookback_days=draw(st.integers(0, 10)), include_close_date=draw(st.booleans())),
        sourced=SourcedRule(lookback_days=draw(st.integers(0, 30)), require_no_open_opportunity=draw(st.booleans())),
        count_unconfirmed=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_vectorised_tiers_equal_the_reference_rule(data: st.DataObject) -> None:
    opps = data.draw(opportunities())
    policy = data.draw(policies())
    raw = data.draw(
        st.lists(
            st.tuples(
                st.integers(1, 3),
                st.integers(1, len(opps)),
                st.sampled_from([TouchType.REFERRAL, TouchType.DEAL_REGISTRATION, TouchType.POC, TouchType.INTEL]),
                st.integers(-20, 90),
                st.sampled_from(list(TouchStatus)),
            ),
            max_size=25,
        )
    )
    touches = [(i, p, o, k, START + timedelta(days=d), s) for i, (p, o, k, d, s) in enumerate(raw, 1)]
    assert _vectorised(opps, touches, policy) == _reference(opps, touches, policy)


def _vectorised(opps, touches, policy):  # type: ignore[no-untyped-def]
    opportunities_frame = pl.DataFrame(
        opps,
        schema={"id": pl.Int64, "account_id": pl.Int64, "created_on": pl.Date, "closed_on": pl.Date},
        orient="row",
    )
    touches_frame = pl.DataFrame(
        [(i, p, o, k.value, s.value, d) for i, p, o, k, d, s in touches],
        schema={
            "id": pl.Int64,
            "partner_id": pl.Int64,
            "opportunity_id": pl.Int64,
            "type": pl.String,
            "status": pl.String,
            "touched_on": pl.Date,
        },
        orient="row",
    )
    result = attribution_tiers(opportunities_frame, touches_frame, policy)
    return {(r["opportunity_id"], r["partner_id"]): (r["tier"], list(r["evidence"])) for r in result.to_dicts()}


def _reference(opps, touches, policy):  # type: ignore[no-untyped-def]
    spans = {i: (account, OpportunitySpan(created, closed)) for i, account, created, closed in opps}
    expected = {}
    for opportunity_id, (account, span) in spans.items():
        on_account = [s for a, s in spans.values() if a == account]
        facts = [TouchFact(i, p, k, d, s) for i, p, o, k, d, s in touches if o == opportunity_id]
        for result in attribute_opportunity(span, facts, on_account, policy):
            expected[(opportunity_id, result.partner_id)] = (
                result.tier.value,
                [t.touch_id for t in result.evidence],
            )
    return expected
