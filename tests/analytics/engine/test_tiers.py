"""The Ibis tier expressions, run on DuckDB, agree with the reference rule and with the DuckDB SQL engine."""

from __future__ import annotations

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.engine import connect, fetch, ibis_tiers, load
from partnerops.analytics.engine.synthetic import generate
from partnerops.analytics.tiers import attribution_tiers
from partnerops.domain.policy import AttributionPolicy
from tier_cases import as_of_days, as_tiers, frames, opportunities, policies, reference_tiers, touches

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")


@pytest.fixture(scope="module")
def duckdb() -> ibis.BaseBackend:
    return connect("duckdb")


@settings(max_examples=80)
@given(data=st.data())
def test_ibis_tiers_on_duckdb_equal_the_reference_rule(duckdb: ibis.BaseBackend, data: st.DataObject) -> None:
    opps = data.draw(opportunities())
    policy = data.draw(policies())
    touch_rows = data.draw(touches(len(opps)))
    as_of = data.draw(as_of_days())
    opportunity_frame, touch_frame = frames(opps, touch_rows)
    expression = ibis_tiers(
        load(duckdb, "opportunities", opportunity_frame), load(duckdb, "touches", touch_frame), policy, as_of
    )
    assert as_tiers(fetch(duckdb, expression)) == reference_tiers(opps, touch_rows, policy, as_of)


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
