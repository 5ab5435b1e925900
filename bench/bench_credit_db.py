"""Benchmark: `partnerops attribution credit` over 1,000,000 deals stored in the database (SQLite by default,
PostgreSQL with --url), against a plain pandas read of the same journeys query.

Generates a seeded program (`analytics.engine.synthetic`: deals over two years, touches around them),
bulk-loads it through the driver, runs ANALYZE, stores an attribution run with the default policy (timed,
reported apart), then times the command in its own process from start to printed table, once per model
asked for. The peer is `pandas.read_sql_query` of the journeys query the command reads (the same SQL,
compiled for the database): the cost of only reading what the command reads, with no credit computed.

    .venv/bin/python bench/bench_credit_db.py                               # 1,000,000 deals on SQLite
    .venv/bin/python bench/bench_credit_db.py --deals 50000                 # a quick run
    .venv/bin/python bench/bench_credit_db.py --url postgresql://user:pw@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, text

from partnerops.analytics.engine.synthetic import Program, generate
from partnerops.domain.enums import PartnerType
from partnerops.store.database import make_engine, migrate

PARTNERS = 40
TOUCHES_PER_DEAL = 3
TABLES = ("attribution_results", "attribution_runs", "touches", "opportunities", "accounts", "partners")


def load(engine: Engine, program: Program, analyze: bool = True) -> None:
    """Partners, accounts, deals and touches through the driver (COPY on PostgreSQL), then ANALYZE."""
    deals, touched = program.opportunities, program.touches
    types = [t.value for t in PartnerType]
    partner_rows = [("bench", f"P{i:03d}", f"Partner {i:03d}", types[i % len(types)]) for i in range(1, PARTNERS + 1)]
    account_ids = range(1, int(deals["account_id"].max() or 0) + 1)
    account_rows = [(i, "bench", f"A{i}", f"Account {i}") for i in account_ids]
    deal_rows = deals.select(
        "id",
        source_system=pl.lit("bench"),
        external_id=pl.format("D{}", "id"),
        account_id="account_id",
        name=pl.format("Deal {}", "id"),
        amount_minor="value_minor",
        currency=pl.lit("USD"),
        stage="stage",
        outcome="outcome",
        created_on="created_on",
        closed_on="closed_on",
    )
    touch_rows = touched.select(
        "id",
        source_system=pl.lit("bench"),
        external_id=pl.format("T{}", "id"),
        partner_id="partner_id",
        opportunity_id="opportunity_id",
        type="type",
        touched_on="touched_on",
        status="status",
    )
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        _insert(engine, cursor, "partners", ("source_system", "external_id", "name", "type"), partner_rows)
        _insert(engine, cursor, "accounts", ("id", "source_system", "external_id", "name"), account_rows)
        _insert(engine, cursor, "opportunities", tuple(deal_rows.columns), _rows(engine, deal_rows))
        _insert(engine, cursor, "touches", tuple(touch_rows.columns), _rows(engine, touch_rows))
        raw.commit()
    finally:
        raw.close()
    if analyze:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    settle(engine)


def settle(engine: Engine) -> None:
    """On SQLite, the write-ahead log the load left is copied into the database file now. Otherwise the first
    command timed pays for it (about 10 s at a million deals), whichever model it runs."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _rows(engine: Engine, frame: pl.DataFrame) -> Iterable[tuple[Any, ...]]:
    if engine.dialect.name == "sqlite":  # SQLAlchemy's Date is ISO text on SQLite
        frame = frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
    return frame.iter_rows()


def _insert(engine: Engine, cursor: Any, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    names = ", ".join(columns)
    if engine.dialect.name == "postgresql":
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def reset(engine: Engine) -> None:
    """An empty schema on PostgreSQL (the database given is the bench's own); SQLite starts from a new file."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def store_run(engine: Engine) -> float:
    from partnerops.attribution.service import run_attribution

    started = time.perf_counter()
    summary = run_attribution(engine)
    seconds = time.perf_counter() - started
    print(f"  attribution run: {summary.attributions:,} partner attributions in {seconds:.1f} s", flush=True)
    return seconds


def time_command(url: str, model: str) -> float:
    command = [str(Path(sys.executable).parent / "partnerops"), "attribution", "credit", "--model", model]
    environment = {**os.environ, "PARTNEROPS_DATABASE_URL": url}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"attribution credit --model {model} failed: {done.stderr.strip()[-2000:]}")
    total = next((line for line in done.stdout.splitlines() if "won" in line.lower()), "")
    print(
        f"  partnerops attribution credit --model {model:<18} {seconds:7.2f} s   {total.strip()}   "
        f"(load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return seconds


def time_pandas_read(engine: Engine) -> float:
    import pandas as pd

    from partnerops.analytics.credit.deal_journeys import journeys_query
    from partnerops.store.attribution_runs import find_run

    with engine.connect() as connection:
        query = journeys_query(find_run(connection, None), in_deal_order=engine.dialect.name == "sqlite")
        sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    started = time.perf_counter()
    with engine.connect() as connection:
        frame = pd.read_sql_query(text(sql), connection)
    seconds = time.perf_counter() - started
    print(
        f"  pandas.read_sql_query of the journeys query      {seconds:7.2f} s   {len(frame):,} rows   "
        f"(load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--touches", type=int, default=None, help=f"default {TOUCHES_PER_DEAL} per deal")
    parser.add_argument("--url", default=None, help="a PostgreSQL database to fill (its public schema is replaced)")
    parser.add_argument("--keep", type=Path, default=None, help="a SQLite file to fill once and time again later")
    parser.add_argument("--models", default="linear,markov", help="comma-separated credit models to time")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-analyze", action="store_true", help="leave the tables without statistics")
    args, _ = parser.parse_known_args()  # run_all.py passes other benchmarks' options too
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{args.keep or Path(folder) / 'credit.db'}"
        engine = make_engine(url)
        if args.keep is None or not args.keep.exists():
            fill(engine, args)
        peer = time_pandas_read(engine)
        for model in args.models.split(","):
            ours = time_command(url, model)
            print(f"  {model}: partnerops / pandas read {ours / peer:.2f}x (the read alone: {peer:.2f} s)")
        engine.dispose()


def fill(engine: Engine, args: argparse.Namespace) -> None:
    reset(engine)
    migrate(engine)
    program = generate(args.deals, args.touches or args.deals * TOUCHES_PER_DEAL, seed=args.seed, partners=PARTNERS)
    started = time.perf_counter()
    load(engine, program, analyze=not args.no_analyze)
    print(
        f"{args.deals:,} deals, {program.touches.height:,} touches on {engine.dialect.name}: "
        f"loaded{'' if args.no_analyze else ' and analysed'} in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    store_run(engine)
    settle(engine)


if __name__ == "__main__":
    main()
