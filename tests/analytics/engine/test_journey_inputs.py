"""Fractional credit's inputs, the closed deals' journeys, read by the Ibis engine on DuckDB and on Spark equal
the journeys `attribution credit` reads from the store."""

from __future__ import annotations

import pytest
from pyspark.sql import SparkSession
from sqlalchemy import Engine, select

from analytics.planted_program import plant, store
from partnerops.analytics.credit.deal_journeys import journey_touches
from partnerops.analytics.engine import connect
from partnerops.analytics.engine.journeys import fetch_journey_touches
from partnerops.analytics.frames import read_frame
from partnerops.attribution.service import run_attribution
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import attribution_results, opportunities, touches

pytestmark = [
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]


def test_journeys_from_the_engine_equal_the_stored_ones(sqlite_engine: Engine, spark: SparkSession) -> None:
    store(sqlite_engine, *plant(seed=9, count=300))
    run_attribution(sqlite_engine)
    t, o, r = touches.c, opportunities.c, attribution_results.c
    with sqlite_engine.connect() as c:
        run = find_run(c, None)
        expected = journey_touches(c, run)
        frames = (
            read_frame(c, select(t.id, t.opportunity_id, t.partner_id, t.touched_on, t.status, t.deleted_at)),
            read_frame(c, select(o.id, o.outcome, o.amount_minor, o.currency, o.closed_on, o.deleted_at)),
            read_frame(c, select(r.opportunity_id, r.partner_id).where(r.run_id == run.id)),
        )
    assert expected.height > 20 and set(expected["outcome"]) == {"won", "lost"}
    for backend in (connect("duckdb"), connect("spark", session=spark)):
        found = fetch_journey_touches(backend, *frames, run.policy())
        assert found.to_dicts() == expected.to_dicts()
