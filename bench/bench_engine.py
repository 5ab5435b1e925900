"""Benchmark: attribution tiers plus the core impact figures over 1,000,000 deals and 10,000,000 touches.

Each side runs in its own process on the same seeded program (generated in memory as Polars frames, not
timed) so that its peak memory (max RSS) is its own:
  ibis-duckdb  `analytics.engine` (Ibis expressions on DuckDB): tiers, deal tiers, core figures
  sql-duckdb   `analytics.tiers` (DuckDB SQL) for the tiers, then the same engine figures
  pandas       the peer: the same rules written with pandas merge/groupby, as an analyst would
Every side reports a summary of its results; the run fails when they differ.

    .venv/bin/python bench/bench_engine.py                                   # full size
    .venv/bin/python bench/bench_engine.py --opportunities 50000 --touches 500000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from typing import Any

import pandas as pd

from partnerops.analytics.engine import connect, core_figures, deal_tiers, fetch, ibis_tiers, load
from partnerops.analytics.engine.synthetic import Program, generate
from partnerops.analytics.tiers import attribution_tiers
from partnerops.domain.enums import TIER_RANK
from partnerops.domain.policy import AttributionPolicy

SIDES = ("ibis-duckdb", "sql-duckdb", "pandas")
POLICY = AttributionPolicy(version="bench")
Summary = dict[str, Any]


Result = tuple[Any, Summary]  # the tier rows (a Polars or pandas frame) and the figures


def run_ibis(program: Program) -> Result:
    backend = connect("duckdb")
    opportunities = load(backend, "opportunities", program.opportunities)
    tiers = ibis_tiers(opportunities, load(backend, "touches", program.touches), POLICY).cache()
    figures = core_figures(backend, deal_tiers(opportunities, tiers))
    return fetch(backend, tiers), _figure_rows(figures)


def run_sql(program: Program) -> Result:
    rows = attribution_tiers(program.opportunities, program.touches, POLICY)
    backend = connect("duckdb")
    opportunities = load(backend, "opportunities", program.opportunities)
    figures = core_figures(backend, deal_tiers(opportunities, load(backend, "tiers", rows)))
    return rows, _figure_rows(figures)


def _figure_rows(figures: Any) -> Summary:
    return {
        "overall": [figures.overall.attached_closed, figures.overall.attached_won, figures.overall.direct_closed,
                    figures.overall.direct_won],
        "periods": len(figures.by_period),
        "tiers": {t.tier: [t.closed, t.won, t.lost, t.won_minor, t.median_cycle_days] for t in figures.by_tier},
        "won_minor_all": sum(m.won_minor for m in figures.mix if m.period == "all"),
        "pipeline": {f"{p.tier}/{p.stage}": [p.deals, p.amount_minor] for p in figures.pipeline},
    }


# ---- the peer: pandas, the way an analyst would write the same rules --------------------------------------


def run_pandas(opportunities: pd.DataFrame, touches: pd.DataFrame) -> Result:
    tiers = pandas_tiers(opportunities, touches)
    return tiers, pandas_figures(opportunities, tiers)


def pandas_tiers(opps: pd.DataFrame, touches: pd.DataFrame) -> pd.DataFrame:
    keys = ["opportunity_id", "partner_id"]
    spans = opps[["id", "account_id", "created_on", "closed_on"]].rename(columns={"id": "opportunity_id"})
    t = touches[touches["status"].isin([s.value for s in POLICY.counted_statuses])]
    t = t.rename(columns={"id": "touch_id"}).merge(spans, on="opportunity_id")
    before_close = t["closed_on"].isna() | (t["touched_on"] <= t["closed_on"])
    if not POLICY.window.include_close_date:
        before_close &= t["touched_on"] != t["closed_on"]
    rule = POLICY.sourced
    in_lookback = t["touched_on"] >= t["created_on"] - pd.Timedelta(days=rule.lookback_days)
    registration = [k.value for k in rule.registration_types]
    registered = t[in_lookback & t["type"].isin(registration) & (t["status"] == "confirmed") & before_close]
    originated = t[
        in_lookback
        & t["type"].isin([k.value for k in rule.origination_types])
        & ~t["type"].isin(registration)
        & (t["touched_on"] <= t["created_on"])
    ]
    if rule.require_no_open_opportunity:
        pairs = originated[["touch_id", "account_id", "touched_on"]].merge(
            opps[["account_id", "created_on", "closed_on"]], on="account_id"
        )
        open_then = pairs[
            (pairs["created_on"] < pairs["touched_on"])
            & (pairs["closed_on"].isna() | (pairs["touched_on"] <= pairs["closed_on"]))
        ]
        originated = originated[~originated["touch_id"].isin(open_then["touch_id"])]
    sourcing = pd.concat([registered, originated]).sort_values(["touched_on", "touch_id"])
    sourced = sourcing.groupby(keys)["touch_id"].agg(list).rename("evidence").reset_index().assign(tier="sourced")

    start = t["created_on"] - pd.Timedelta(days=POLICY.window.lookback_days)
    qualifying = t[t["type"].isin([k.value for k in POLICY.qualifying_touch_types]) & (t["touched_on"] >= start)]
    qualifying = qualifying[before_close.loc[qualifying.index]]
    qualifying = qualifying.merge(sourced[keys], on=keys, how="left", indicator=True)
    qualifying = qualifying[qualifying["_merge"] == "left_only"].sort_values(["touched_on", "touch_id"])
    engaged = qualifying.groupby(keys).agg(evidence=("touch_id", list), touches=("touch_id", "size")).reset_index()
    engaged = engaged[engaged["touches"] >= POLICY.influence_threshold]
    engaged["tier"] = engaged["touches"].ge(POLICY.co_sell_threshold).map({True: "co_sell", False: "influence"})
    return pd.concat([sourced, engaged.drop(columns="touches")], ignore_index=True)


def pandas_figures(opps: pd.DataFrame, tiers: pd.DataFrame) -> Summary:
    ranks = {t.value: r for t, r in TIER_RANK.items()}
    best = tiers.assign(rank=tiers["tier"].map(ranks)).groupby("opportunity_id")["rank"].max()
    by_rank = {r: t for t, r in ranks.items()}
    deals = opps.merge(best.map(by_rank).rename("tier"), left_on="id", right_index=True, how="left")
    deals["tier"] = deals["tier"].fillna("direct")
    deals["attached"] = deals["tier"] != "direct"
    closed = deals[deals["outcome"].isin(["won", "lost"])].copy()
    closed["period"] = closed["closed_on"].dt.year.astype(str) + "-Q" + closed["closed_on"].dt.quarter.astype(str)
    closed["cycle_days"] = (closed["closed_on"] - closed["created_on"]).dt.days
    closed["won"] = closed["outcome"] == "won"
    overall = closed.groupby("attached")["won"].agg(["size", "sum"])
    won = closed[closed["won"]]
    by_tier = closed.groupby("tier").agg(
        closed=("won", "size"), won=("won", "sum"), lost=("outcome", lambda s: int((s == "lost").sum()))
    )
    won_by_tier = won.groupby("tier").agg(won_minor=("value_minor", "sum"), median_cycle=("cycle_days", "median"))
    by_tier = by_tier.join(won_by_tier).fillna({"won_minor": 0})
    pipeline = deals[deals["outcome"] == "open"].groupby(["tier", "stage"])["value_minor"].agg(["size", "sum"])
    return {
        "overall": [int(overall.loc[True, "size"]), int(overall.loc[True, "sum"]), int(overall.loc[False, "size"]),
                    int(overall.loc[False, "sum"])],
        "periods": closed["period"].nunique(),
        "tiers": {
            tier: [int(r["closed"]), int(r["won"]), int(r["lost"]), int(r["won_minor"]), _median(r["median_cycle"])]
            for tier, r in by_tier.iterrows()
        },
        "won_minor_all": int(won["value_minor"].sum()),
        "pipeline": {f"{tier}/{stage}": [int(r["size"]), int(r["sum"])] for (tier, stage), r in pipeline.iterrows()},
    }


def _median(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


# ---- running the sides ----------------------------------------------------------------------------------


def _summary(tiers: Any, figures: Summary) -> Summary:
    """What every side must agree on (worked out after the timing stops)."""
    tiers = tiers if isinstance(tiers, pd.DataFrame) else tiers.to_pandas()
    counts = tiers["tier"].value_counts()
    evidence = tiers["evidence"].map(len)
    # A checksum of which touches cite which deals, in order, so a different evidence list shows.
    cited = zip(tiers["opportunity_id"], tiers["evidence"], strict=True)
    checksum = sum(hash((int(o), tuple(int(i) for i in e))) % 1_000_003 for o, e in cited)
    return {
        "tier_rows": {tier: int(counts.get(tier, 0)) for tier in ("sourced", "co_sell", "influence")},
        "evidence_touches": int(evidence.sum()),
        "evidence_checksum": checksum,
        "figures": figures,
    }


def side(name: str, opportunities: int, touches: int, seed: int) -> None:
    program = generate(opportunities, touches, seed=seed)
    if name == "pandas":
        opps, touch_frame = program.opportunities.to_pandas(), program.touches.to_pandas()
        del program
        started = time.perf_counter()
        tiers, figures = run_pandas(opps, touch_frame)
    else:
        started = time.perf_counter()
        tiers, figures = run_ibis(program) if name == "ibis-duckdb" else run_sql(program)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "summary": _summary(tiers, figures)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--touches", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.opportunities, args.touches, args.seed)
        return 0
    print(f"tiers + core impact figures: {args.opportunities:,} opportunities, {args.touches:,} touches")
    results = {}
    for name in SIDES:
        command = [sys.executable, __file__, "--side", name, "--opportunities", str(args.opportunities),
                   "--touches", str(args.touches), "--seed", str(args.seed)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {name:<12} {results[name]['seconds']:7.1f} s   peak {results[name]['peak_mb']:7,.0f} MB", flush=True)
    peer = results["pandas"]["seconds"]
    for name in SIDES[:2]:
        print(f"  {name} is {peer / results[name]['seconds']:.1f}x faster than pandas")
    summaries = {name: json.dumps(r["summary"], sort_keys=True) for name, r in results.items()}
    if len(set(summaries.values())) != 1:
        print("RESULTS DIFFER:", *(f"{n}: {s}" for n, s in summaries.items()), sep="\n")
        return 1
    print(f"  all sides agree: {results['pandas']['summary']['tier_rows']}")
    return 0


if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    sys.exit(main())
