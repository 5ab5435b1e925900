"""The ecosystem report's aggregations (ARR at the month points, movements per step, every group's sums, median
days to value and revenue shares) give the same report whether Polars computes them in this process or the Ibis
expressions of `analytics.engine.ecosystem` run on DuckDB or on a local Spark session."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from pyspark.sql import SparkSession
from sqlalchemy import Engine

from ecosystem.ecosystem_world import AS_OF, plant
from partnerops.analytics.engine import connect
from partnerops.ecosystem.model import EcosystemReport
from partnerops.ecosystem.report import EcosystemInputs, EcosystemOptions, build_report, ecosystem_report

pytestmark = [
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

TYPES = ("technology", "si", "reseller")
TIERS = ("sourced", "co_sell", "influence", "direct")
PARTNERS = 9  # the last one has costs and no customer


def generated(customers: int = 160, seed: int = 11) -> EcosystemInputs:
    """A seeded program: monthly, quarterly and yearly periods that expand, contract, pause, churn and stay open;
    customers with revenue and no won deal and won deals without revenue; one to three partners on a deal; value
    events before and after the close, and none."""
    rng = np.random.default_rng(seed)
    rows = []
    for account in range(1, customers + 1):
        interval = str(rng.choice(["month", "month", "quarter", "year"]))
        months = {"month": 1, "quarter": 3, "year": 12}[interval]
        day = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 600)))
        level = int(rng.integers(10, 60)) * 1_200
        for _ in range(int(rng.integers(1, 30 // months + 2))):
            ends = _months_after(day, months)
            rows.append((account, day, ends, interval, level))
            level = max(0, level + int(rng.choice([-1, 0, 0, 1])) * 1_200)
            day = ends + timedelta(days=int(rng.choice([0, 0, 0, 20])))
        if rng.random() < 0.2:
            rows[-1] = (*rows[-1][:2], None, *rows[-1][3:])
    arr = pl.DataFrame(rows, schema={"account_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date,
                                     "interval": pl.String, "arr_minor": pl.Int64}, orient="row")  # fmt: skip
    won = np.array([a for a in range(1, customers + 13) if a > customers or rng.random() < 0.85])
    closed = [date(2025, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 700, won.size)]
    tiers = rng.choice(TIERS, won.size)
    deals = pl.DataFrame({"account_id": won, "opportunity_id": won + 1_000, "closed_on": closed, "tier": tiers})
    pairs = {(int(a) + 1_000, int(p)) for a, t in zip(won, tiers, strict=True) if t != "direct"
             for p in rng.choice(PARTNERS - 1, int(rng.integers(1, 4)), replace=False) + 1}  # fmt: skip
    on_deals = pl.DataFrame(sorted(pairs), schema={"opportunity_id": pl.Int64, "partner_id": pl.Int64},
                            orient="row").join(_partners(), on="partner_id").with_columns(rank=pl.lit(1, pl.Int64))
    reached = rng.random(won.size) < 0.7
    values = pl.DataFrame({"account_id": won[reached], "first_value_on": [
        c + timedelta(days=int(d)) for c, d in zip(np.array(closed)[reached], rng.integers(-15, 120, reached.sum()),
                                                   strict=True)]})  # fmt: skip
    costs = _partners().with_columns(commissions_minor=pl.Series(rng.integers(0, 900_000, PARTNERS)),
                                     mdf_minor=pl.Series(rng.integers(0, 300_000, PARTNERS)),
                                     other_minor=pl.lit(50_000, pl.Int64))  # fmt: skip
    return EcosystemInputs(arr=arr, deals=deals, on_deals=on_deals, values=values, costs=costs)


def _months_after(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, min(day.day, 28))


def _partners() -> pl.DataFrame:
    ids = list(range(1, PARTNERS + 1))
    return pl.DataFrame({"partner_id": ids, "partner_ref": [f"P-{i:02d}" for i in ids],
                         "partner": [f"Partner {i}" for i in ids],
                         "partner_type": [TYPES[i % len(TYPES)] for i in ids]})  # fmt: skip


OPTIONS = EcosystemOptions(as_of=date(2026, 6, 30), months=6, margin=Decimal("0.75"), draws=40)


def _report(inputs: EcosystemInputs, backend: object = None) -> EcosystemReport:
    return build_report(inputs, OPTIONS, "USD", date(2026, 6, 30), "default", backend)  # type: ignore[arg-type]


def test_the_ecosystem_aggregations_are_equal_in_polars_on_duckdb_and_on_spark(spark: SparkSession) -> None:
    inputs = generated()
    polars_report = _report(inputs)

    assert sum(m.renewal.minor for m in polars_report.movements) > 0
    assert all(sum(m.minor for m in (s.new, s.expansion, s.contraction, s.churn)) > 0
               for s in polars_report.movements)  # fmt: skip
    assert polars_report.cautions and polars_report.groups_by("partner")[-1].accounts == 0
    assert {g.time_to_value_days.value is None for g in polars_report.groups} == {False, True}
    assert polars_report.groups[0].nrr.low is not None

    assert _report(inputs, connect("duckdb")) == polars_report
    assert _report(inputs, connect("spark", session=spark)) == polars_report


def test_a_program_without_revenue_gives_the_same_empty_figures_on_duckdb() -> None:
    inputs = generated(customers=20)
    empty = EcosystemInputs(inputs.arr.clear(), inputs.deals, inputs.on_deals, inputs.values, inputs.costs)
    assert _report(empty, connect("duckdb")) == _report(empty)


def test_the_report_from_the_store_is_equal_on_every_engine(
    sqlite_engine: Engine, spark: SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(sqlite_engine)
    options = EcosystemOptions(currency="USD", as_of=AS_OF, margin=Decimal("0.8"), draws=100)
    reports = {}
    for name in ("sql", "duckdb", "spark"):
        monkeypatch.setenv("PARTNEROPS_ENGINE", name)
        reports[name] = ecosystem_report(sqlite_engine, options)
    assert reports["duckdb"] == reports["sql"]
    assert reports["spark"] == reports["sql"]
