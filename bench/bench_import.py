"""Benchmark: importing a 1,000,000-row opportunity export with validation, against plain pandas.

Generates a seeded opportunity CSV (canonical headers) and the accounts it references, then times
(a) `partnerops.ingest.service.import_file` into a fresh SQLite file and (b) `pandas.read_csv` +
`DataFrame.to_sql` into another, each in its own process so peak memory (max RSS) is its own.

    .venv/bin/python bench/bench_import.py            # full size
    .venv/bin/python bench/bench_import.py --rows 50000
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]
CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD"]
SOURCES = ["Web", "Partner Referral", "Outbound", "Event", "Inbound Call"]
SEGMENTS = ["Enterprise", "Mid-Market", "SMB"]
REGIONS = ["NA", "EMEA", "APAC", "LATAM"]


def generate(folder: Path, rows: int, seed: int) -> tuple[Path, Path]:
    """accounts.csv (rows // 20 accounts) and opportunities.csv (`rows` deals), canonical headers."""
    rng = np.random.default_rng(seed)
    n_accounts = max(rows // 20, 1)
    account_ids = [f"ACC-{i:07d}" for i in range(n_accounts)]
    accounts = pl.DataFrame({
        "id": account_ids, "name": [f"Customer {i}" for i in range(n_accounts)],
        "domain": [f"customer{i}.example.com" for i in range(n_accounts)],
        "segment": rng.choice(SEGMENTS, n_accounts), "region": rng.choice(REGIONS, n_accounts),
        "country": rng.choice(["US", "DE", "GB", "FR", "JP", "CA"], n_accounts),
    })
    created = np.datetime64("2024-01-01") + rng.integers(0, 700, rows).astype("timedelta64[D]")
    close = created + rng.integers(10, 240, rows).astype("timedelta64[D]")
    stage = rng.choice(STAGES, rows, p=[0.15, 0.15, 0.1, 0.1, 0.2, 0.3])
    closed = np.isin(stage, ["Closed Won", "Closed Lost"])
    cents = rng.integers(0, 100, rows)
    dollars = rng.lognormal(10, 1.2, rows).astype(np.int64) + 500
    opportunities = pl.DataFrame({
        "id": [f"OPP-{i:08d}" for i in range(rows)],
        "account_id": np.array(account_ids)[rng.integers(0, n_accounts, rows)],
        "name": [f"Deal {i}" for i in range(rows)],
        "amount": [f"{d}.{c:02d}" for d, c in zip(dollars, cents, strict=True)],
        "currency": rng.choice(CURRENCIES, rows, p=[0.6, 0.2, 0.1, 0.05, 0.05]),
        "stage": stage, "created_on": created.astype(str),
        "closed_on": np.where(closed, close.astype(str), ""),
        "expected_close_on": np.where(closed, "", close.astype(str)),
        "lead_source": rng.choice(SOURCES, rows),
    })
    paths = folder / "accounts.csv", folder / "opportunities.csv"
    accounts.write_csv(paths[0])
    opportunities.write_csv(paths[1])
    return paths


def run_ours(folder: Path) -> dict[str, object]:
    from partnerops.ingest.service import import_file
    from partnerops.store.database import make_engine, migrate

    engine = make_engine(f"sqlite:///{folder / 'ours.db'}")
    migrate(engine)
    start = time.perf_counter()
    accounts = import_file(engine, folder / "accounts.csv", "accounts")
    deals = import_file(engine, folder / "opportunities.csv", "opportunities")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "inserted": accounts.inserted + deals.inserted,
            "quarantined": accounts.quarantined + deals.quarantined}


def run_baseline(folder: Path) -> dict[str, object]:
    import pandas as pd

    connection = sqlite3.connect(folder / "baseline.db")
    start = time.perf_counter()
    inserted = 0
    for name in ("accounts", "opportunities"):
        frame = pd.read_csv(folder / f"{name}.csv")
        inserted += int(frame.to_sql(name, connection, index=False) or 0)
    connection.commit()
    seconds = time.perf_counter() - start
    connection.close()
    return {"seconds": seconds, "inserted": inserted, "quarantined": 0}


def measure(which: str, folder: Path) -> dict[str, object]:
    """Run one side in a child process; its max RSS is the only child's this process has."""
    child = subprocess.run([sys.executable, __file__, "--run", which, "--dir", str(folder)],
                           capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return result | {"peak_mb": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--run", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps((run_ours if args.run == "ours" else run_baseline)(args.dir)))
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.dir)))
        return
    with tempfile.TemporaryDirectory(prefix="partnerops-bench-") as name:
        folder = Path(name)
        generate(folder, args.rows, args.seed)
        results = {side: _isolated(side, folder) for side in ("ours", "baseline")}
    _report(args.rows, results)


def _isolated(side: str, folder: Path) -> dict[str, object]:
    """`measure` in a fresh process, so each side's RUSAGE_CHILDREN holds that side alone."""
    child = subprocess.run([sys.executable, __file__, "--measure", side, "--dir", str(folder)],
                           capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def _report(rows: int, results: dict[str, dict[str, object]]) -> None:
    ours, base = results["ours"], results["baseline"]
    ratio = float(ours["seconds"]) / float(base["seconds"])  # type: ignore[arg-type]
    print(f"opportunities: {rows:,} rows (+ {max(rows // 20, 1):,} accounts)")
    for label, result in (("partnerops import (validated)", ours), ("pandas read_csv + to_sql", base)):
        print(f"  {label:32} {float(result['seconds']):8.2f} s   peak {float(result['peak_mb']):7.0f} MB"  # type: ignore[arg-type]
              f"   inserted {result['inserted']:,}   quarantined {result['quarantined']}")
    print(f"  ratio (ours / pandas): {ratio:.2f}x   target: <= 2x, peak < 1536 MB")


if __name__ == "__main__":
    main()
