"""Random opportunities, touches and policies for the tier engines, the frames they read, and the answer the
reference rule (`domain.tiers`) gives: every vectorised engine is tested against the same cases."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import strategies as st

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy, SourcedRule, Window
from partnerops.domain.tiers import OpportunitySpan, TouchFact, attribute_opportunity

START = date(2026, 1, 1)
OPPORTUNITY_SCHEMA = {
    "id": pl.Int64,
    "account_id": pl.Int64,
    "created_on": pl.Date,
    "closed_on": pl.Date,
    "expected_close_on": pl.Date,
}
TOUCH_SCHEMA = {
    "id": pl.Int64,
    "partner_id": pl.Int64,
    "opportunity_id": pl.Int64,
    "type": pl.String,
    "status": pl.String,
    "touched_on": pl.Date,
}
Opportunity = tuple[int, int, date, date | None, date | None]
Touch = tuple[int, int, int, TouchType, date, TouchStatus]
Tiers = dict[tuple[int, int], tuple[str, list[int]]]

_days = st.integers(min_value=0, max_value=60)


@st.composite
def opportunities(draw: st.DrawFn) -> list[Opportunity]:
    rows = []
    for opportunity_id in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
        created = START + timedelta(days=draw(_days))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
        closed = None if length is None else created + timedelta(days=length)
        # An open deal may carry an expected close, sometimes already behind it.
        expected = None if closed is not None else draw(st.one_of(st.none(), _days.map(_day)))
        rows.append((opportunity_id, draw(st.integers(min_value=1, max_value=2)), created, closed, expected))
    return rows


def as_of_days() -> st.SearchStrategy[date | None]:
    """The run's "today": none, or a day inside the span touches are drawn from."""
    return st.one_of(st.none(), st.integers(-20, 90).map(_day))


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


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


def touches(opportunity_count: int) -> st.SearchStrategy[list[Touch]]:
    kinds = [TouchType.REFERRAL, TouchType.DEAL_REGISTRATION, TouchType.POC, TouchType.INTEL]
    raw = st.tuples(
        st.integers(1, 3),
        st.integers(1, opportunity_count),
        st.sampled_from(kinds),
        st.integers(-20, 90),
        st.sampled_from(list(TouchStatus)),
    )
    return st.lists(raw, max_size=25).map(
        lambda rows: [(i, p, o, k, START + timedelta(days=d), s) for i, (p, o, k, d, s) in enumerate(rows, 1)]
    )


def frames(opps: list[Opportunity], touch_rows: list[Touch]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The opportunities and touches as the engines read them."""
    return (
        pl.DataFrame(opps, schema=OPPORTUNITY_SCHEMA, orient="row"),
        pl.DataFrame(
            [(i, p, o, k.value, s.value, d) for i, p, o, k, d, s in touch_rows], schema=TOUCH_SCHEMA, orient="row"
        ),
    )


def as_tiers(result: pl.DataFrame) -> Tiers:
    return {(r["opportunity_id"], r["partner_id"]): (r["tier"], list(r["evidence"])) for r in result.to_dicts()}


def reference_tiers(
    opps: list[Opportunity], touch_rows: list[Touch], policy: AttributionPolicy, as_of: date | None = None
) -> Tiers:
    spans = {i: (account, OpportunitySpan(created, closed, expected)) for i, account, created, closed, expected in opps}
    expected: Tiers = {}
    for opportunity_id, (account, span) in spans.items():
        on_account = [s for a, s in spans.values() if a == account]
        facts = [TouchFact(i, p, k, d, s) for i, p, o, k, d, s in touch_rows if o == opportunity_id]
        for result in attribute_opportunity(span, facts, on_account, policy, as_of):
            expected[(opportunity_id, result.partner_id)] = (result.tier.value, [t.touch_id for t in result.evidence])
    return expected
