"""Benchmark: the ecosystem report's figures over 1,000,000 revenue periods of 100,000 customers and 500 partners,
ours (`ecosystem.report.build_report`, its aggregations in Polars: the default `sql` engine) against a pandas
implementation of the same definitions written here the way an analyst would (a mask per month point, merges and
group-bys); with --engine, also ours with the aggregations as the Ibis expressions of `analytics.engine.ecosystem`
on DuckDB or on a local Spark session (what PARTNEROPS_ENGINE=duckdb or spark runs).

All sides start from the same Parquet files (what the report reads from the store) and end with every group's
figures (customers, ARR at start and end, NRR, GRR, lifetime value, median time to value, revenue, ROPI) and the
movements per month; the run fails unless pandas gives the same figures as ours (to its floats' precision) and
every engine exactly the figures of the default one. Each side runs in its own process (its max RSS is its own),
sides take turns round after round and each reports its median round, wall and CPU (user + system) time; each
side's libraries load, and its backend connects (the Spark session starts), before its clock starts. A Spark
side's JVM is a child process: its memory is reported apart, its CPU counted with the side's. Intervals are off on all
sides (--draws 0): the peer has no bootstrap, and ours is timed on the definitions alone.

    .venv/bin/python bench/bench_ecosystem.py                      # 100,000 customers, 1,000,000 periods, 3 rounds
    .venv/bin/python bench/bench_ecosystem.py --customers 10000    # a quick run
    .venv/bin/python bench/bench_ecosystem.py --engine duckdb --engine spark --rounds 1   # also the Ibis engine
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

AS_OF = date(2026, 12, 31)
MONTHS = 12
MARGIN = Decimal("0.8")
PARTNERS = 500
TYPES = ("technology", "referral", "reseller", "si", "msp", "agency", "affiliate", "marketplace")
TIERS = ("sourced", "co_sell", "influence", "direct")
TIMEOUT = 1800


def generate(folder: Path, customers: int, seed: int) -> int:
    """Parquet files of a seeded program; returns the number of revenue periods (10 per customer on average)."""
    rng = np.random.default_rng(seed)
    close = pl.Series(np.datetime64("2024-06-01") + rng.integers(0, 900, customers)).cast(pl.Date)
    counts = rng.integers(5, 16, customers)
    ids = np.arange(1, customers + 1)
    periods = pl.DataFrame({"account_id": np.repeat(ids, counts)}).with_columns(
        j=pl.int_range(pl.len()).over("account_id"), step=pl.Series(rng.choice([-1, 0, 0, 0, 1], counts.sum())),
        base=pl.Series(np.repeat(rng.integers(50, 500, customers) * 1_000, counts)),
        close=pl.Series(np.repeat(close.to_numpy(), counts)).cast(pl.Date))
    periods = periods.with_columns(level=(1 + 0.2 * pl.col("step").cum_sum().over("account_id")).clip(0.2, 3.0))
    arr = periods.select(
        "account_id", starts_on=pl.col("close").dt.offset_by(pl.format("{}mo", pl.col("j"))),
        ends_on=pl.col("close").dt.offset_by(pl.format("{}mo", pl.col("j") + 1)), interval=pl.lit("month"),
        arr_minor=(pl.col("base") * pl.col("level")).round(0).cast(pl.Int64) * 12)
    tier = rng.choice(TIERS, customers, p=[0.2, 0.25, 0.15, 0.4])
    deals = pl.DataFrame({"account_id": ids, "opportunity_id": ids, "closed_on": close, "tier": tier})
    attached = ids[tier != "direct"]
    two = rng.random(attached.size) < 0.3
    deal_ids = np.concatenate([attached, attached[two]])
    partner = rng.integers(1, PARTNERS + 1, deal_ids.size)
    on_deals = (pl.DataFrame({"opportunity_id": deal_ids, "partner_id": partner})
                .unique(["opportunity_id", "partner_id"]).join(_partners(), on="partner_id")
                .with_columns(rank=pl.lit(1, pl.Int64)))
    reached = rng.random(customers) < 0.8
    values = pl.DataFrame({"account_id": ids[reached],
                           "first_value_on": (close.to_numpy()[reached] + rng.integers(0, 120, reached.sum()))})
    costs = _partners().with_columns(
        commissions_minor=pl.Series(rng.integers(0, 5_000_000, PARTNERS)),
        mdf_minor=pl.Series(rng.integers(0, 2_000_000, PARTNERS)),
        other_minor=pl.Series(rng.integers(0, 1_000_000, PARTNERS)))
    for name, frame in {"arr": arr, "deals": deals, "on_deals": on_deals, "values": values.with_columns(
            pl.col("first_value_on").cast(pl.Date)), "costs": costs}.items():
        frame.write_parquet(folder / f"{name}.parquet")
    return arr.height


def _partners() -> pl.DataFrame:
    ids = np.arange(1, PARTNERS + 1)
    return pl.DataFrame({"partner_id": ids, "partner_ref": [f"P{i:04d}" for i in ids],
                         "partner": [f"Partner {i}" for i in ids],
                         "partner_type": [TYPES[i % len(TYPES)] for i in ids]})


def run_ours(folder: Path, backend: object = None) -> dict[str, object]:
    """Our figures, the aggregations by Polars or, given an Ibis `backend`, by the engine's expressions on it."""
    from partnerops.ecosystem.report import EcosystemInputs, EcosystemOptions, build_report

    frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in
              ("arr", "deals", "on_deals", "values", "costs")}
    inputs = EcosystemInputs(**frames)
    report = build_report(inputs, EcosystemOptions(as_of=AS_OF, months=MONTHS, margin=MARGIN, draws=0), "USD",
                          AS_OF, "bench", backend)  # type: ignore[arg-type]
    groups = {f"{g.dimension}:{g.key}": [g.accounts, g.arr_start.minor, g.arr_end.minor, _f(g.nrr.value),
                                          _f(g.grr.value), _f(g.lifetime_value.value),
                                          _f(g.time_to_value_days.value), g.revenue.minor, _f(g.ropi)]
              for g in report.groups}
    moves = [[m.new.minor, m.expansion.minor, m.contraction.minor, m.churn.minor] for m in report.movements]
    return {"groups": groups, "movements": moves}


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def run_pandas(folder: Path) -> dict[str, object]:
    import pandas as pd

    arr, deals, on_deals, values, costs = (pd.read_parquet(folder / f"{n}.parquet") for n in
                                           ("arr", "deals", "on_deals", "values", "costs"))
    points = [pd.Timestamp(AS_OF) - pd.DateOffset(months=k) for k in range(MONTHS, 0, -1)] + [pd.Timestamp(AS_OF)]
    starts, ends = pd.to_datetime(arr["starts_on"]), pd.to_datetime(arr["ends_on"])
    levels = pd.DataFrame({p: arr["arr_minor"].where((starts <= p) & (ends.isna() | (p < ends)), 0)
                           for p in points}).groupby(arr["account_id"]).sum()
    customers = pd.DataFrame({"arr_start": levels[points[0]], "arr_end": levels[points[-1]],
                              "arr_sum": levels[points[1:]].sum(axis=1)})
    customers = customers.join(deals.set_index("account_id"), how="outer").join(
        values.set_index("account_id"), how="left")
    customers[["arr_start", "arr_end", "arr_sum"]] = customers[["arr_start", "arr_end", "arr_sum"]].fillna(0)
    customers["tier"] = customers["tier"].fillna("direct")
    customers = customers.reset_index(names="account_id")
    members = _pandas_members(customers, on_deals)
    rows = members.merge(customers, on="account_id")
    groups = {f"{d}:{k}": _pandas_group(g, costs, d, k) for (d, k), g in rows.groupby(["dimension", "key"])}
    diffs = levels.diff(axis=1).iloc[:, 1:]
    before = levels.shift(1, axis=1).iloc[:, 1:]
    after = levels.iloc[:, 1:]
    moves = [[int(after[p][(before[p] == 0) & (after[p] > 0)].sum()),
              int(diffs[p][(before[p] > 0) & (after[p] > before[p])].sum()),
              int(-diffs[p][(after[p] > 0) & (after[p] < before[p])].sum()),
              int(before[p][(before[p] > 0) & (after[p] == 0)].sum())] for p in points[1:]]
    return {"groups": groups, "movements": moves}


def _pandas_members(customers: object, on_deals: object) -> object:
    import pandas as pd

    c = customers  # type: ignore[assignment]
    source = c["tier"].map({"sourced": "partner_sourced", "co_sell": "partner_attached",
                            "influence": "partner_attached", "direct": "direct"})
    whole = [pd.DataFrame({"dimension": "all", "key": "all", "account_id": c["account_id"], "share": 1,
                           "partners": 1}),
             pd.DataFrame({"dimension": "source", "key": source, "account_id": c["account_id"], "share": 1,
                           "partners": 1}),
             pd.DataFrame({"dimension": "tier", "key": c["tier"], "account_id": c["account_id"], "share": 1,
                           "partners": 1})]
    linked = c[["account_id", "opportunity_id"]].merge(on_deals, on="opportunity_id")
    linked["partners"] = linked.groupby("account_id")["partner_id"].transform("size")
    by_partner = pd.DataFrame({"dimension": "partner", "key": linked["partner_ref"], "account_id":
                               linked["account_id"], "share": 1, "partners": linked["partners"]})
    by_type = (linked.groupby(["account_id", "partner_type", "partners"]).size().rename("share").reset_index()
               .rename(columns={"partner_type": "key"}).assign(dimension="partner_type"))
    return pd.concat([*whole, by_partner, by_type], ignore_index=True)


def _pandas_group(g: object, costs: object, dimension: str, key: str) -> list[object]:
    import pandas as pd

    rows = g  # type: ignore[assignment]
    cohort = rows[rows["arr_start"] > 0]
    start, end = int(cohort["arr_start"].sum()), int(cohort["arr_end"].sum())
    kept = int(cohort[["arr_start", "arr_end"]].min(axis=1).sum())
    churned = int((cohort["arr_end"] == 0).sum())
    annual = 1 - (1 - churned / len(cohort)) ** (12 / MONTHS) if len(cohort) else 0
    clv = round(start / len(cohort) * float(MARGIN) / annual / 100, 2) if churned else None
    closed = pd.to_datetime(rows["closed_on"])
    window = rows[(closed > pd.Timestamp(AS_OF) - pd.DateOffset(months=MONTHS)) & (closed <= pd.Timestamp(AS_OF))]
    days = (pd.to_datetime(window["first_value_on"]) - pd.to_datetime(window["closed_on"])).dt.days.dropna()
    revenue = round((rows["arr_sum"] * rows["share"] / rows["partners"]).sum() / 12)
    ropi = None
    if dimension in ("partner", "partner_type"):
        column = "partner_ref" if dimension == "partner" else "partner_type"
        cost = costs[costs[column] == key][["commissions_minor", "mdf_minor", "other_minor"]].to_numpy().sum()
        ropi = round(revenue * float(MARGIN) / cost, 4) if cost else None
    return [len(cohort), start, end, round(end / start, 4) if start else None,
            round(kept / start, 4) if start else None, clv,
            round(float(days.clip(lower=0).median()), 1) if len(days) else None, int(revenue), ropi]


ENGINES = ("sql", "duckdb", "spark")


def side(name: str, folder: Path, out: Path) -> None:
    """Time one side from reading the files to its figures; its libraries load (and its backend connects) before
    the clock starts."""
    backend = None
    if name == "pandas":
        importlib.import_module("pandas")
    else:
        importlib.import_module("partnerops.ecosystem.report")
        if name != "sql":
            from partnerops.analytics.engine import connect, local_spark_session

            backend = connect(name, session=local_spark_session(
                cores=os.cpu_count() or 2, **{"spark.driver.memory": "4g"}) if name == "spark" else None)
    cpu = _cpu()
    began = time.perf_counter()
    figures = run_pandas(folder) if name == "pandas" else run_ours(folder, backend)
    seconds = time.perf_counter() - began
    cpu = _cpu() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jvm = _jvm_rss_mb() if name == "spark" else 0.0
    out.write_text(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss, "jvm_mb": jvm, "figures": figures}),
                   encoding="utf-8")


def _cpu() -> float:
    """User + system seconds of this process (all its threads) and of its JVM children."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + _jvm_cpu()


def _jvms() -> list[dict[str, str]]:
    """The status fields of this process's JVM children (Spark's driver in local mode), with their pid."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text(encoding="utf-8")
        except OSError:
            continue
        pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
        fields = {key: value.strip() for key, value in pairs}
        if fields.get("PPid") == str(os.getpid()) and "java" in fields.get("Name", ""):
            found.append(fields | {"pid": status.parent.name})
    return found


def _jvm_rss_mb() -> float:
    """The peak RSS of this process's JVM children; 0 when there is none."""
    return max((float(f.get("VmHWM", "0 kB").split()[0]) / 1024 for f in _jvms()), default=0.0)


def _jvm_cpu() -> float:
    """The user + system seconds this process's JVM children have used so far."""
    ticks = 0
    for fields in _jvms():
        try:
            stat = Path(f"/proc/{fields['pid']}/stat").read_text(encoding="utf-8")
        except OSError:
            continue
        after_name = stat.rsplit(")", 1)[1].split()
        ticks += int(after_name[11]) + int(after_name[12])  # utime and stime, fields 14 and 15
    return ticks / os.sysconf("SC_CLK_TCK")


def _run_side(name: str, folder: Path) -> dict[str, object]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    subprocess.run([sys.executable, __file__, "--side", name, "--data", str(folder), "--out", str(out)],
                   check=True, timeout=TIMEOUT)
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


def _differences(ours: dict[str, list[object]], peer: dict[str, list[object]]) -> list[str]:
    """Groups whose figures differ (amounts to the minor unit, ratios to 1e-4, days to 0.1, lifetime value to a
    cent: the peer works in floats, ours in exact decimals)."""
    found = []
    if ours.keys() != peer.keys():
        found.append(f"groups differ: {sorted(ours.keys() ^ peer.keys())[:5]}")
    for key in ours.keys() & peer.keys():
        for ours_value, peer_value in zip(ours[key], peer[key], strict=True):
            if (ours_value is None) != (peer_value is None) or (
                    ours_value is not None and abs(float(ours_value) - float(peer_value)) > 1.01e-2):  # type: ignore[arg-type]
                found.append(f"{key}: ours {ours[key]} pandas {peer[key]}")
                break
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--engine", action="append", choices=ENGINES[1:], default=[],
                        help="also time ours on this Ibis backend (repeatable)")
    parser.add_argument("--side", choices=(*ENGINES, "pandas"))
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.data, args.out)
        return 0
    names = ["sql", "pandas", *dict.fromkeys(args.engine)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        periods = generate(folder, args.customers, args.seed)
        print(f"{args.customers:,} customers, {periods:,} revenue periods, {PARTNERS} partners; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        times: dict[str, list[float]] = {name: [] for name in names}
        cpus: dict[str, list[float]] = {name: [] for name in names}
        memory: dict[str, float] = {}
        jvm: dict[str, float] = {}
        results: dict[str, dict[str, object]] = {}
        for _ in range(args.rounds):
            for name in names:
                result = _run_side(name, folder)
                times[name].append(float(result["seconds"]))  # type: ignore[arg-type]
                cpus[name].append(float(result["cpu"]))  # type: ignore[arg-type]
                memory[name] = max(memory.get(name, 0.0), float(result["rss_mb"]))  # type: ignore[arg-type]
                jvm[name] = max(jvm.get(name, 0.0), float(result["jvm_mb"]))  # type: ignore[arg-type]
                results[name] = result["figures"]  # type: ignore[assignment]
    ours, peer = results["sql"], results["pandas"]
    problems = _differences(ours["groups"], peer["groups"])  # type: ignore[arg-type]
    if ours["movements"] != peer["movements"]:
        problems.append(f"movements differ: ours {ours['movements'][:2]} pandas {peer['movements'][:2]}")
    for name in names[2:]:
        if results[name] != ours:
            problems.append(f"ours on {name} differs from ours on sql")
    for name in names:
        extra = f" + JVM {jvm[name]:,.0f} MB" if name == "spark" else ""
        print(f"{name:7} median {statistics.median(times[name]):7.2f} s wall  "
              f"{statistics.median(cpus[name]):7.2f} s CPU  rounds {[round(t, 2) for t in times[name]]}  "
              f"max RSS {memory[name]:,.0f} MB{extra}")
    for name in (n for n in names if n != "pandas"):
        wall = statistics.median(times["pandas"]) / statistics.median(times[name])
        cpu = statistics.median(cpus["pandas"]) / statistics.median(cpus[name])
        print(f"pandas / ours on {name}: {wall:.1f}x wall, {cpu:.1f}x CPU")
    print(f"{len(ours['groups'])} groups, same figures: {not problems}; "  # type: ignore[arg-type]
          f"load average {os.getloadavg()[0]:.1f}")
    for problem in problems[:10]:
        print(f"DIFFERENT {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
