"""Benchmark: the impact report's aggregations over a generated program, on each engine PARTNEROPS_ENGINE offers.

The relations the report aggregates (closed and open deals with their tier, the deals' group memberships by period,
tier, partner and partner type, partners, attributed pairs and partner wins) are built once from a seeded program
(not timed), then aggregated by the in-process DuckDB SQL engine (`sql`, the reference) and by the Ibis engine on
DuckDB and, with --spark, on a local Spark session. Every engine must return the same rows; the run fails otherwise.

    .venv/bin/python bench/bench_report_engine.py                          # 1,000,000 deals, 4,000,000 touches
    .venv/bin/python bench/bench_report_engine.py --opportunities 100000 --touches 400000 --spark
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from decimal import Decimal
from typing import Any

import polars as pl

from partnerops.analytics.engine import connect
from partnerops.analytics.engine.report import engine_aggregates
from partnerops.analytics.engine.synthetic import Program, generate
from partnerops.analytics.impact_aggregates import Aggregates, Relations, sql_aggregates
from partnerops.analytics.tiers import attribution_tiers
from partnerops.domain.enums import TIER_RANK, PartnerType
from partnerops.domain.policy import AttributionPolicy

POLICY = AttributionPolicy(version="bench")


def relations(program: Program) -> Relations:
    """What `analytics.impact` hands the aggregations, built from the generated program."""
    tiers = attribution_tiers(program.opportunities, program.touches, POLICY)
    attributed = tiers.select("opportunity_id", "partner_id", partner_tier="tier")
    rank = pl.col("partner_tier").replace_strict({t.value: r for t, r in TIER_RANK.items()}, return_dtype=pl.Int64)
    by_rank = {r: t.value for t, r in TIER_RANK.items()}
    best = attributed.group_by("opportunity_id").agg(rank.max().alias("rank"))
    best = best.select(id="opportunity_id", tier=pl.col("rank").replace_strict(by_rank, return_dtype=pl.String))
    deals = program.opportunities.join(best, on="id", how="left").with_columns(
        pl.col("tier").fill_null("direct"), attached=pl.col("tier").is_not_null()
    )
    deals = deals.with_columns(attached=pl.col("tier") != "direct")
    closed = deals.filter(pl.col("outcome").is_in(["won", "lost"])).with_columns(
        period=pl.format("{}-Q{}", pl.col("closed_on").dt.year(), pl.col("closed_on").dt.quarter()),
        cycle_days=(pl.col("closed_on") - pl.col("created_on")).dt.total_days(),
    )
    partner_ids = attributed["partner_id"].unique().sort()
    types = [t.value for t in PartnerType]
    partners = pl.DataFrame({"partner_id": partner_ids}).with_columns(
        name=pl.format("Partner {}", pl.col("partner_id")),
        type=pl.col("partner_id").map_elements(lambda i: types[i % len(types)], return_dtype=pl.String),
        joined_on=pl.date(2023, 1, 1) + pl.duration(days=pl.col("partner_id") * 17),
    )
    won = closed.filter(pl.col("outcome") == "won").select("id", "closed_on")
    return Relations(
        created=deals.select("id", "created_on", "attached"),
        attributed=attributed,
        closed=closed,
        open_deals=deals.filter(pl.col("outcome") == "open"),
        members=_members(closed, attributed, partners),
        partners=partners,
        partner_wins=attributed.join(won, left_on="opportunity_id", right_on="id").select("partner_id", "closed_on"),
    )


def _members(closed: pl.DataFrame, attributed: pl.DataFrame, partners: pl.DataFrame) -> pl.DataFrame:
    of_partners = attributed.join(partners, on="partner_id").join(
        closed.select("id"), left_on="opportunity_id", right_on="id"
    )
    by = [
        closed.select(dimension=pl.lit("period"), key="period", label="period", id="id"),
        closed.select(dimension=pl.lit("tier"), key="tier", label="tier", id="id"),
        of_partners.select(dimension=pl.lit("partner_type"), key="type", label="type", id="opportunity_id"),
        of_partners.select(
            dimension=pl.lit("partner"), key=pl.col("partner_id").cast(pl.String), label="name", id="opportunity_id"
        ),
    ]
    return pl.concat(by).unique()


def summary(found: Aggregates) -> str:
    """The rows every engine must agree on, in one canonical text."""

    def rows(listed: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True) for row in listed)

    def frame(table: pl.DataFrame) -> list[str]:
        return rows(table.with_columns(pl.col(pl.Int32, pl.UInt32, pl.Int64).cast(pl.Int64)).to_dicts())

    parts = {name: rows(getattr(found, name)) for name in ("comparisons", "segments", "mix", "pipeline", "proof")}
    parts |= {"firsts": frame(found.activation.firsts), "quarters": frame(found.activation.quarters)}
    parts["partners_per_deal"] = frame(found.partners_per_deal)
    return json.dumps(parts)


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return float(value)
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--touches", type=int, default=4_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spark", action="store_true", help="also time Ibis on a local Spark session")
    args = parser.parse_args()
    built = relations(generate(args.opportunities, args.touches, seed=args.seed))
    print(f"impact report aggregations: {args.opportunities:,} opportunities, {args.touches:,} touches, "
          f"{built.closed.height:,} closed deals, {built.members.height:,} group memberships")  # fmt: skip
    engines: dict[str, Any] = {"sql": None, "ibis-duckdb": lambda: connect("duckdb")}
    if args.spark:
        engines["ibis-spark"] = lambda: connect("spark")
    seconds, summaries = {}, {}
    for name, backend in engines.items():
        started = time.perf_counter()
        found = sql_aggregates(built) if backend is None else engine_aggregates(backend(), built)
        seconds[name] = time.perf_counter() - started
        summaries[name] = summary(found)
        print(f"  {name:<12} {seconds[name]:7.2f} s   ({seconds[name] / seconds['sql']:.2f}x the sql engine's time)")
    if len(set(summaries.values())) != 1:
        print("RESULTS DIFFER between engines")
        return 1
    print(f"  all engines agree ({built.partners.height} partners)")
    return 0


if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    sys.exit(main())
