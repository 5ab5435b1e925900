"""The same tier and impact expressions give the same results on DuckDB and on a local Spark session."""

from __future__ import annotations

import ibis
import polars as pl
import pytest
from pyspark.sql import SparkSession

from partnerops.analytics.engine import CoreFigures, connect, core_figures, deal_tiers, fetch, ibis_tiers, load
from partnerops.analytics.engine.synthetic import Program, generate
from partnerops.domain.policy import AttributionPolicy

# Ibis 12 and PySpark 4.0 still call APIs that DuckDB 1.5 and pandas 3 deprecate; nothing of ours does.
pytestmark = [
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]


def test_tiers_and_core_impact_figures_are_equal_on_duckdb_and_spark(spark: SparkSession) -> None:
    program = generate(3_000, 15_000, seed=2026)
    policy = AttributionPolicy(version="default")

    duckdb_tiers, duckdb_figures = _run(connect("duckdb"), program, policy)
    spark_tiers, spark_figures = _run(connect("spark", session=spark), program, policy)

    assert set(duckdb_tiers["tier"]) == {"sourced", "co_sell", "influence"}
    assert spark_tiers.to_dicts() == duckdb_tiers.to_dicts()
    assert duckdb_figures.overall.attached_closed > 0 and duckdb_figures.overall.uplift.defined
    assert len(duckdb_figures.by_period) >= 8
    assert spark_figures == duckdb_figures


def _run(backend: ibis.BaseBackend, program: Program, policy: AttributionPolicy) -> tuple[pl.DataFrame, CoreFigures]:
    opportunities = load(backend, "opportunities", program.opportunities)
    tiers = ibis_tiers(opportunities, load(backend, "touches", program.touches), policy).cache()
    rows = fetch(backend, tiers).sort("opportunity_id", "partner_id")
    return rows, core_figures(backend, deal_tiers(opportunities, tiers))
