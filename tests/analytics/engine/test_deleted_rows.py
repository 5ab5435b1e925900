"""The engine's expressions leave out rows marked deleted, giving the tiers and figures of the program without
them, and count open deals of unknown amount in the pipeline without summing them."""

from __future__ import annotations

from datetime import UTC, datetime

import ibis
import polars as pl
import pytest

from partnerops.analytics.engine import CoreFigures, connect, core_figures, deal_tiers, fetch, ibis_tiers, load
from partnerops.analytics.engine.synthetic import Program, generate
from partnerops.domain.policy import AttributionPolicy

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
DELETED = datetime(2026, 1, 10, tzinfo=UTC)
POLICY = AttributionPolicy(version="default")


def _marked(program: Program) -> Program:
    """Every ninth deal and every seventh touch marked deleted."""
    deleted = pl.when(pl.col("id") % 9 == 0).then(pl.lit(DELETED)).otherwise(None).alias("deleted_at")
    touch_deleted = pl.when(pl.col("id") % 7 == 0).then(pl.lit(DELETED)).otherwise(None).alias("deleted_at")
    return Program(program.opportunities.with_columns(deleted), program.touches.with_columns(touch_deleted))


def _without(marked: Program) -> Program:
    deals = marked.opportunities.filter(pl.col("deleted_at").is_null()).drop("deleted_at")
    touches = marked.touches.filter(pl.col("deleted_at").is_null()).drop("deleted_at")
    return Program(deals, touches.join(deals.select(opportunity_id="id"), on="opportunity_id", how="semi"))


def _run(backend: ibis.BaseBackend, program: Program) -> tuple[list[dict[str, object]], CoreFigures]:
    opportunities = load(backend, "opportunities", program.opportunities)
    tiers = ibis_tiers(opportunities, load(backend, "touches", program.touches), POLICY).cache()
    rows = fetch(backend, tiers).sort("opportunity_id", "partner_id").to_dicts()
    return rows, core_figures(backend, deal_tiers(opportunities, tiers))


def test_rows_marked_deleted_count_nowhere() -> None:
    marked = _marked(generate(2_000, 10_000, seed=5))
    backend = connect("duckdb")
    with_marks = _run(backend, marked)
    without = _run(backend, _without(marked))
    assert with_marks == without
    assert with_marks[1].overall.attached_closed > 0


def test_open_deals_of_unknown_amount_are_counted_in_the_pipeline_not_summed() -> None:
    program = generate(500, 2_000, seed=3)
    unknown = (pl.col("outcome") == "open") & (pl.col("id") % 2 == 0)
    blanked = program.opportunities.with_columns(value_minor=pl.when(unknown).then(None).otherwise("value_minor"))
    _, figures = _run(connect("duckdb"), Program(blanked, program.touches))
    open_deals = blanked.filter(pl.col("outcome") == "open")
    assert sum(row.deals for row in figures.pipeline) == open_deals.height
    assert sum(row.unknown_amounts for row in figures.pipeline) == open_deals.filter(unknown).height
    assert sum(row.amount_minor for row in figures.pipeline) == open_deals["value_minor"].sum()
