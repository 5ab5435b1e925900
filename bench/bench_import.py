"""Benchmark: importing a 1,000,000-row opportunity export with validation, against plain pandas; then the
next night's export (10% of deals changed, 1% deleted) imported over it, against pandas reloading it all.

Generates a seeded opportunity CSV (canonical headers, an is_deleted flag as Salesforce exports it) and the
accounts it references, and the next export of the same deals. Times (a) `partnerops.ingest.service.import_file`
into a fresh SQLite file, then the next export into the same file, and (b) `pandas.read_csv` +
`DataFrame.to_sql` into another, then the next export again in full (`if_exists="replace"`). Each step runs
in its own process, so its peak memory (max RSS) is its own. Beside each wall time: the CPU time the step's
process spent in it (all threads; not the PostgreSQL server's) and the load average when it started, since on
a shared machine the wall times of the two sides move with everything else that runs.

    .venv/bin/python bench/bench_import.py                 # full size
    .venv/bin/python bench/bench_import.py --rows 50000
    .venv/bin/python bench/bench_import.py --rows 200000 --profile first   # cProfile of our first import
    .venv/bin/python bench/bench_import.py --postgres postgresql://USER:PW@127.0.0.1:5432/BENCH_DB

With --postgres both sides write to that PostgreSQL database instead (ours to its public schema, pandas through
SQLAlchemy to a schema of its own); the bench empties both schemas first, so give it a database of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]
NEXT_STAGE = {"Prospecting": "Qualification", "Qualification": "Proposal", "Proposal": "Negotiation"}
CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD"]
SOURCES = ["Web", "Partner Referral", "Outbound", "Event", "Inbound Call"]
SEGMENTS = ["Enterprise", "Mid-Market", "SMB"]
REGIONS = ["NA", "EMEA", "APAC", "LATAM"]
CHANGED_SHARE, DELETED_SHARE = 0.10, 0.01
STEPS = ("ours-first", "ours-next", "pandas-first", "pandas-next")
FILES = {"first": ("accounts.csv", "opportunities.csv"), "next": ("accounts.csv", "opportunities-next.csv")}
# The PostgreSQL database of a --postgres run, handed to the steps' processes; pandas' tables go to PEER_SCHEMA.
POSTGRES = "PARTNEROPS_BENCH_IMPORT_POSTGRES"
PEER_SCHEMA = "pandas_peer"


def generate(folder: Path, rows: int, seed: int) -> None:
    """accounts.csv (rows // 20 accounts), opportunities.csv (`rows` deals) and opportunities-next.csv."""
    rng = np.random.default_rng(seed)
    n_accounts = max(rows // 20, 1)
    account_ids = [f"ACC-{i:07d}" for i in range(n_accounts)]
    accounts = pl.DataFrame({
        "id": account_ids, "name": [f"Customer {i}" for i in range(n_accounts)],
        "domain": [f"customer{i}.example.com" for i in range(n_accounts)],
        "segment": rng.choice(SEGMENTS, n_accounts), "region": rng.choice(REGIONS, n_accounts),
        "country": rng.choice(["US", "DE", "GB", "FR", "JP", "CA"], n_accounts),
    })
    accounts.write_csv(folder / "accounts.csv")
    first = _opportunities(rng, rows, account_ids)
    first.write_csv(folder / "opportunities.csv")
    _next_export(rng, first).write_csv(folder / "opportunities-next.csv")


def _opportunities(rng: np.random.Generator, rows: int, account_ids: list[str]) -> pl.DataFrame:
    created = np.datetime64("2024-01-01") + rng.integers(0, 700, rows).astype("timedelta64[D]")
    close = created + rng.integers(10, 240, rows).astype("timedelta64[D]")
    stage = rng.choice(STAGES, rows, p=[0.15, 0.15, 0.1, 0.1, 0.2, 0.3])
    closed = np.isin(stage, ["Closed Won", "Closed Lost"])
    cents = rng.integers(0, 100, rows)
    dollars = rng.lognormal(10, 1.2, rows).astype(np.int64) + 500
    return pl.DataFrame({
        "id": [f"OPP-{i:08d}" for i in range(rows)],
        "account_id": np.array(account_ids)[rng.integers(0, len(account_ids), rows)],
        "name": [f"Deal {i}" for i in range(rows)],
        "amount": [f"{d}.{c:02d}" for d, c in zip(dollars, cents, strict=True)],
        "currency": rng.choice(CURRENCIES, rows, p=[0.6, 0.2, 0.1, 0.05, 0.05]),
        "stage": stage, "created_on": created.astype(str),
        "closed_on": np.where(closed, close.astype(str), ""),
        "expected_close_on": np.where(closed, "", close.astype(str)),
        "lead_source": rng.choice(SOURCES, rows),
        "is_deleted": ["false"] * rows,
    })


def _next_export(rng: np.random.Generator, first: pl.DataFrame) -> pl.DataFrame:
    """The same deals a night later: 10% moved on (a new amount, an open deal one stage further), 1% deleted
    (still listed, flagged is_deleted as Salesforce's queryAll and ELT tools write them). No date is rewritten,
    as in a real night: the date guard would (rightly) stop an import that rewrote 10% of them."""
    picked = rng.permutation(first.height)
    changed = np.zeros(first.height, dtype=bool)
    changed[picked[: int(first.height * CHANGED_SHARE)]] = True
    deleted = np.zeros(first.height, dtype=bool)
    deleted[picked[-int(first.height * DELETED_SHARE):]] = True
    moved = pl.Series(changed)
    return first.with_columns(
        pl.when(moved).then((pl.col("amount").cast(pl.Float64) * 1.1).round(2).cast(pl.String))
        .otherwise(pl.col("amount")).alias("amount"),
        pl.when(moved).then(pl.col("stage").replace(NEXT_STAGE)).otherwise(pl.col("stage")).alias("stage"),
        pl.when(pl.Series(deleted)).then(pl.lit("true")).otherwise(pl.col("is_deleted")).alias("is_deleted"),
    )


def run_ours(folder: Path, which: str) -> dict[str, object]:
    from partnerops.ingest.service import import_file
    from partnerops.store.database import make_engine, migrate

    postgres = os.environ.get(POSTGRES)
    engine = make_engine(postgres or f"sqlite:///{folder / 'ours.db'}")
    if postgres and which == "first":
        _empty_schema(engine, "public")
    migrate(engine)
    accounts, deals = (folder / name for name in FILES[which])
    start, cpu = time.perf_counter(), _cpu_seconds()
    summaries = [import_file(engine, accounts, "accounts"), import_file(engine, deals, "opportunities")]
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu} | {name: sum(getattr(s, name) for s in summaries)
                                               for name in ("inserted", "updated", "unchanged", "deleted",
                                                            "quarantined")}


def _cpu_seconds() -> float:
    """User and system time of this process so far, every thread's."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _empty_schema(engine: Any, schema: str) -> None:
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))


def run_pandas(folder: Path, which: str) -> dict[str, object]:
    import pandas as pd

    postgres = os.environ.get(POSTGRES)
    if postgres:
        from partnerops.store.database import make_engine

        engine = make_engine(postgres)
        if which == "first":
            _empty_schema(engine, PEER_SCHEMA)
        connection: Any = engine.connect()
        schema: str | None = PEER_SCHEMA
    else:
        connection, schema = sqlite3.connect(folder / "pandas.db"), None
    start, cpu = time.perf_counter(), _cpu_seconds()
    inserted = 0
    for table, name in zip(("accounts", "opportunities"), FILES[which], strict=True):
        frame = pd.read_csv(folder / name)
        frame.to_sql(table, connection, schema=schema, index=False, if_exists="replace")
        inserted += len(frame)
    connection.commit()
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    connection.close()
    return {"seconds": seconds, "cpu": cpu, "inserted": inserted}


def run_step(step: str, folder: Path) -> dict[str, object]:
    side, which = step.split("-")
    return (run_ours if side == "ours" else run_pandas)(folder, which)


def measure(step: str, folder: Path) -> dict[str, object]:
    """Run one step in a child process; its max RSS is the only child's this process has."""
    child = subprocess.run([sys.executable, __file__, "--run", step, "--dir", str(folder)],
                           capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return result | {"peak_mb": peak_kib / 1024}


def profile(step: str, folder: Path) -> None:
    """cProfile of one step of ours (its data made first), the 25 functions with the most cumulative time."""
    import cProfile
    import pstats

    if step == "ours-next":
        run_step("ours-first", folder)
    profiler = cProfile.Profile()
    profiler.runcall(run_step, step, folder)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--profile", choices=["first", "next"], help="cProfile our first or next import instead")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database of the bench's own to write to")
    parser.add_argument("--run", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.postgres:
        os.environ[POSTGRES] = args.postgres
    if args.run:
        print(json.dumps(run_step(args.run, args.dir)))
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.dir)))
        return
    with tempfile.TemporaryDirectory(prefix="partnerops-bench-") as name:
        folder = Path(name)
        generate(folder, args.rows, args.seed)
        if args.profile:
            profile(f"ours-{args.profile}", folder)
            return
        results = {step: _isolated(step, folder) for step in STEPS}
    _report(args.rows, results)


def _isolated(step: str, folder: Path) -> dict[str, object]:
    """`measure` in a fresh process, so each step's RUSAGE_CHILDREN holds that step alone."""
    load = os.getloadavg()[0]
    child = subprocess.run([sys.executable, __file__, "--measure", step, "--dir", str(folder)],
                           capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return result | {"load": load}


def _line(label: str, result: dict[str, object]) -> str:
    counts = ", ".join(f"{name} {int(result[name]):,}" for name in  # type: ignore[call-overload]
                       ("inserted", "updated", "unchanged", "deleted", "quarantined") if name in result)
    return (f"  {label:34} {float(result['seconds']):8.2f} s (cpu {float(result['cpu']):6.2f} s, load "  # type: ignore[arg-type]
            f"{float(result['load']):5.2f})   peak {float(result['peak_mb']):7.0f} MB   {counts}")  # type: ignore[arg-type]


def _report(rows: int, results: dict[str, dict[str, object]]) -> None:
    def ratio(ours: str, peer: str, measure: str = "seconds") -> float:
        return float(results[ours][measure]) / float(results[peer][measure])  # type: ignore[arg-type]

    peak = max(float(results[s]["peak_mb"]) for s in ("ours-first", "ours-next"))  # type: ignore[arg-type]
    database = "PostgreSQL" if os.environ.get(POSTGRES) else "SQLite"
    print(f"opportunities: {rows:,} rows (+ {max(rows // 20, 1):,} accounts), into {database}")
    print("first import")
    print(_line("partnerops import (validated)", results["ours-first"]))
    print(_line("pandas read_csv + to_sql", results["pandas-first"]))
    print(f"  ratio (ours / pandas): {ratio('ours-first', 'pandas-first'):.2f}x   target: <= 2x   "
          f"(cpu time: {ratio('ours-first', 'pandas-first', 'cpu'):.2f}x)")
    print(f"next export: {CHANGED_SHARE:.0%} of deals changed, {DELETED_SHARE:.0%} deleted (is_deleted)")
    print(_line("partnerops re-import (incremental)", results["ours-next"]))
    print(_line("pandas full reload (replace)", results["pandas-next"]))
    print(f"  ratio (ours / pandas): {ratio('ours-next', 'pandas-next'):.2f}x   target: < 1x   "
          f"(cpu time: {ratio('ours-next', 'pandas-next', 'cpu'):.2f}x)")
    print(f"  our peak: {peak:.0f} MB   target: < 1536 MB")


if __name__ == "__main__":
    main()
