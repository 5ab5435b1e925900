"""The Ibis tier expressions, run on DuckDB, agree with the reference rule and with the DuckDB SQL engine."""

from __future__ import annotations

from datetime import date, timedelta

import ibis
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.engine import connect, fetch, ibis_tiers, load
from partnerops.analytics.engine.synthetic import generate
from partnerops.analytics.tiers import attribution_tiers
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.policy import AttributionPolicy, SourcedRule, Window
from partnerops.domain.tiers import OpportunitySpan, TouchFact, attribute_opportunity

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

START = date(2026, 1, 1)
days = st.integers(min_value=0, max_value=60)
OPPORTUNITY_SCHEMA = {"id": pl.Int64, "account_id": pl.Int64, "created_on": pl.Date, "closed_on": pl.Date}
TOUCH_SCHEMA = {
    "id": pl.Int64,
    "partner_id": pl.Int64,
    "opportunity_id": pl.Int64,
    "type": pl.String,
    "status": pl.String,
    "touched_on": pl.Date,
}
Opportunity = tuple[int, int, date, date | None]
Touch = tuple[int, int, int, TouchType, date, TouchStatus]
Tiers = dict[tuple[int, int], tuple[str, list[int]]]


@pytest.fixture(scope="module")
def duckdb() -> ibis.BaseBackend:
    return connect("duckdb")


@st.composite
def opportunities(draw: st.DrawFn) -> list[Opportunity]:
    rows = []
    for opportunity_id in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
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


@settings(max_examples=80)
@given(data=st.data())
def test_ibis_tiers_on_duckdb_equal_the_reference_rule(duckdb: ibis.BaseBackend, data: st.DataObject) -> None:
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
    assert _ibis(duckdb, opps, touches, policy) == _reference(opps, touches, policy)


def test_ibis_tiers_equal_the_duckdb_sql_engine_on_a_generated_program(duckdb: ibis.BaseBackend) -> None:
    program = generate(4_000, 20_000, seed=11)
    policy = AttributionPolicy(version="default")
    expression = ibis_tiers(
        load(duckdb, "opportunities", program.opportunities), load(duckdb, "touches", program.touches), policy
    )
    ours = fetch(duckdb, expression).sort("opportunity_id", "partner_id")
    theirs = attribution_tiers(program.opportunities, program.touches, policy)
    assert set(ours["tier"]) == {"sourced", "co_sell", "influence"}
    assert ours.to_dicts() == theirs.to_dicts()


def _ibis(backend: ibis.BaseBackend, opps: list[Opportunity], touches: list[Touch], policy: AttributionPolicy) -> Tiers:
    opportunities_frame = pl.DataFrame(opps, schema=OPPORTUNITY_SCHEMA, orient="row")
    touches_frame = pl.DataFrame(
        [(i, p, o, k.value, s.value, d) for i, p, o, k, d, s in touches], schema=TOUCH_SCHEMA, orient="row"
    )
    expression = ibis_tiers(
        load(backend, "opportunities", opportunities_frame), load(backend, "touches", touches_frame), policy
    )
    rows = fetch(backend, expression).to_dicts()
    return {(r["opportunity_id"], r["partner_id"]): (r["tier"], list(r["evidence"])) for r in rows}


def _reference(opps: list[Opportunity], touches: list[Touch], policy: AttributionPolicy) -> Tiers:
    spans = {i: (account, OpportunitySpan(created, closed)) for i, account, created, closed in opps}
    expected: Tiers = {}
    for opportunity_id, (account, span) in spans.items():
        on_account = [s for a, s in spans.values() if a == account]
        facts = [TouchFact(i, p, k, d, s) for i, p, o, k, d, s in touches if o == opportunity_id]
        for result in attribute_opportunity(span, facts, on_account, policy):
            expected[(opportunity_id, result.partner_id)] = (result.tier.value, [t.touch_id for t in result.evidence])
    return expected
