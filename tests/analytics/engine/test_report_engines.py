"""The whole impact report and an attribution run give equal results whichever engine PARTNEROPS_ENGINE names:
DuckDB SQL in this process, the Ibis engine on DuckDB, or the Ibis engine on a local Spark session."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from pyspark.sql import SparkSession
from sqlalchemy import Engine, select, update

from analytics.planted_program import TODAY, plant, store
from partnerops.analytics.engine_choice import UnknownEngine, configured_engine
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report
from partnerops.attribution.service import run_attribution
from partnerops.store.tables import attribution_results, partners

pytestmark = [
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

Results = list[tuple[object, ...]]
RAN_AT = datetime(2026, 1, 1)


@pytest.fixture
def planted(sqlite_engine: Engine) -> Engine:
    """A planted program whose partners joined over the past two years (one with no joining date)."""
    store(sqlite_engine, *plant(seed=5, count=300))
    with sqlite_engine.begin() as c:
        for partner_id in range(1, 6):
            joined = TODAY - timedelta(days=130 * partner_id)
            c.execute(update(partners).where(partners.c.id == partner_id).values(joined_on=joined))
    return sqlite_engine


def _results(engine: Engine) -> Results:
    columns = attribution_results.c
    query = select(columns.opportunity_id, columns.partner_id, columns.tier, columns.evidence)
    with engine.connect() as c:
        return [tuple(row) for row in c.execute(query.order_by(columns.opportunity_id, columns.partner_id))]


def _report(engine: Engine, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Results, ImpactReport]:
    """The stored results of a run by engine `name`, and the report it aggregates (the run's time left out)."""
    monkeypatch.setenv("PARTNEROPS_ENGINE", name)
    assert configured_engine() == name
    run_attribution(engine)
    report = impact_report(engine, ImpactOptions(as_of=TODAY, period="month"))
    return _results(engine), replace(report, run=replace(report.run, ran_at=RAN_AT))


def test_attribution_and_the_whole_report_are_equal_on_every_engine(
    planted: Engine, spark: SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_results, sql_report = _report(planted, "sql", monkeypatch)
    assert {tier for _, _, tier, _ in sql_results} == {"co_sell", "influence"}
    assert sql_report.adjusted.regression.defined and sql_report.activation.cohorts
    assert _report(planted, "duckdb", monkeypatch) == (sql_results, sql_report)
    assert _report(planted, "spark", monkeypatch) == (sql_results, sql_report)


def test_an_unknown_engine_is_named_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_ENGINE", "hadoop")
    with pytest.raises(UnknownEngine, match="PARTNEROPS_ENGINE must be one of sql, duckdb, spark, not 'hadoop'"):
        configured_engine()
