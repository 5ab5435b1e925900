"""List pages with 100,000 rows: p95 latency of the internal list pages (first page, a deep page, sorted by
another column, filtered, searched, CSV export) served by `partnerops serve`, against Datasette serving the same
SQLite file's tables as the peer.

Seeds a fresh database with `--rows` claimed touches, opportunities, audit rows, quarantined rows and deal
registrations (and 2,000
partners, 10,000 accounts), starts `partnerops serve --workers 1` on 127.0.0.1 in its own process, signs in as a
partner manager and asks each view `--requests` times in turn (round after round, so a busy moment of the
machine falls on every view alike). Datasette 0.65 (`datasette serve`, one process) is asked for the nearest
views it has over the same file: a table page of 50 rows with its count, sorted, filtered, `__contains` search.
Its table pages read one table; ours join the partner, deal and account of each touch, and check that none is
deleted, so the ratio is of the page a user asks for, not of equal SQL. On PostgreSQL (PARTNEROPS_TEST_POSTGRES_URL
set) ours runs alone.

    .venv/bin/python bench/bench_lists.py                       # 100,000 rows, 30 requests per view
    .venv/bin/python bench/bench_lists.py --rows 20000 --requests 10 --no-postgres
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine, insert, text

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.store.database import make_engine, migrate
from partnerops.store.registration_tables import registrations
from partnerops.store.statistics import analyze
from partnerops.store.tables import accounts, audit_log, import_batches, opportunities, partners, quarantine, touches

BIN = Path(sys.executable).parent
PASSWORD = "list-bench-password-1"
MANAGER = "manager@lists.bench"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TYPES = ("poc", "joint_call", "intel", "integration", "discovery", "referral", "executive_intro")
CHUNK = 10_000

# (label, our page, the nearest Datasette view of the same table or None)
T, Q = "/bench/touches?status=claimed&_size=50", "/bench/quarantine?status=open&_size=50"
R = "/bench/registrations?status=pending&_size=50"
VIEWS = (
    ("touches: first page", "/touches", T),
    ("touches: page 1,000", "/touches?page=1000", None),
    ("touches: sorted by partner, desc", "/touches?sort=-partner", T + "&_sort_desc=partner_id"),
    ("touches: type filter", "/touches?type=integration", T + "&type=integration"),
    ("touches: search", "/touches?q=evidence-0424", T + "&evidence__contains=evidence-0424"),
    ("opportunities: first page", "/opportunities", "/bench/opportunities?_sort_desc=created_on&_size=50"),
    ("opportunities: by amount, page 500", "/opportunities?sort=-amount_minor&page=500", None),
    ("opportunities: search", "/opportunities?q=deal%2007", "/bench/opportunities?name__contains=deal%2007&_size=50"),
    ("audit: first page", "/audit", "/bench/audit_log?_sort_desc=at&_size=50"),
    ("audit: kind filter", "/audit?entity=touch", "/bench/audit_log?entity=touch&_sort_desc=at&_size=50"),
    ("quarantine: first page", "/quarantine", Q + "&_sort=file"),
    ("quarantine: search", "/quarantine?q=row-04242", Q + "&record_key__contains=row-04242"),
    ("partners: first page", "/partners", "/bench/partners?_sort=name&_size=50"),
    ("registrations: first page", "/registrations", R + "&_sort=respond_by"),
    ("registrations: by estimate, page 500", "/registrations?sort=-estimated_amount_minor&page=500", None),
    ("registrations: search", "/registrations?q=company%20004242", R + "&company_name__contains=company%20004242"),
    ("touches: CSV of a filter", "/touches?type=poc&format=csv",
     "/bench/touches.csv?status=claimed&type=poc&_size=max"),
)


def seed(engine: Engine, rows: int) -> None:
    """2,000 partners, 10,000 accounts and `rows` each of opportunities, claimed touches, audit and quarantine rows
    and registrations (three in four pending)."""
    migrate(engine)
    start, now = date(2024, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)
    _insert(engine, partners, ({"id": i, "source_system": "csv", "external_id": f"PRT-{i:05d}",
                                "name": f"Partner {i:05d}", "type": TYPES[i % 3] if i % 3 else "technology",
                                "tier": ("gold", "silver", "bronze")[i % 3], "stage": "co_sell"}
                               for i in range(1, 2001)))  # fmt: skip
    _insert(engine, accounts, ({"id": i, "source_system": "csv", "external_id": f"ACC-{i:05d}",
                                "name": f"Account {i:05d}", "domain": f"account{i}.test"}
                               for i in range(1, 10_001)))  # fmt: skip
    _insert(engine, opportunities, ({"id": i, "source_system": "csv", "external_id": f"OPP-{i:06d}",
                                     "account_id": 1 + i % 10_000, "name": f"Deal {i:06d}",
                                     "amount_minor": 1_000_000 + (i * 7919) % 90_000_000, "currency": "USD",
                                     "stage": "Open", "outcome": ("open", "won", "lost")[i % 3],
                                     "created_on": start + timedelta(days=i % 700)}
                                    for i in range(1, rows + 1)))  # fmt: skip
    _insert(engine, touches, ({"id": i, "source_system": "csv", "external_id": f"T-{i:06d}",
                               "partner_id": 1 + i % 2000, "opportunity_id": 1 + (i * 13) % rows,
                               "type": TYPES[i % len(TYPES)], "touched_on": start + timedelta(days=i % 700),
                               "status": "claimed", "evidence": f"evidence-{i:06d}", "actor": "seed"}
                              for i in range(1, rows + 1)))  # fmt: skip
    _insert(engine, audit_log, ({"at": now + timedelta(seconds=i), "actor": "seed",
                                 "entity": ("touch", "registration")[i % 2], "entity_id": i,
                                 "field": "status", "old_value": "claimed", "new_value": "confirmed"}
                                for i in range(1, rows + 1)))  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(import_batches).values(id=1, path="/data/partners.csv", sha256="0" * 64, kind="partners",
                                                   format="generic", options={}, started_at=now))
    _insert(engine, quarantine, ({"batch_id": 1, "file": "/data/partners.csv", "row_number": i + 1, "kind": "partners",
                                  "field": "type", "value": "wizard", "reason": "unknown type 'wizard'", "raw": {},
                                  "status": "open", "source_system": "csv", "record_key": f"row-{i:05d}"}
                                 for i in range(1, rows + 1)))  # fmt: skip
    _insert(engine, registrations, ({"partner_id": 1 + i % 2000, "company_name": f"Company {i:06d}",
                                     "domain": f"company{i}.test",
                                     "estimated_amount_minor": 100_000 + i * 37 % 9_000_000,
                                     "currency": "USD", "status": "pending" if i % 4 else "approved",
                                     "conflicts": [{"rule": "live_registration", "detail": "seen"}] if i % 9 == 0
                                     else [],
                                     "rules_version": "bench", "submitted_at": now - timedelta(minutes=i),
                                     "respond_by": now + timedelta(minutes=i), "expires_on": date(2027, 1, 1)}
                                    for i in range(1, rows + 1)))  # fmt: skip
    with engine.begin() as conn:
        add_user(conn, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        # As an import leaves them: statistics fresh, and on PostgreSQL the search indexes' pending rows filed.
        analyze(conn, (partners, accounts, opportunities, touches, audit_log, quarantine, registrations))


def _insert(engine: Engine, table: object, rows: Iterator[dict[str, object]]) -> None:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            _flush(engine, table, batch)
            batch = []
    _flush(engine, table, batch)


def _flush(engine: Engine, table: object, batch: list[dict[str, object]]) -> None:
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(table), batch)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int, ready: str) -> Iterator[str]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + ready, timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def ours(url: str, folder: Path) -> Iterator[str]:
    port = _free_port()
    env = os.environ | {"PARTNEROPS_DATABASE_URL": url, "PARTNEROPS_SECURE_COOKIES": "false"}
    command = [str(BIN / "partnerops"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    return serving(command + ["--no-scheduler"] if _has_scheduler_flag() else command, env, port, "/login")


def _has_scheduler_flag() -> bool:
    shown = subprocess.run([str(BIN / "partnerops"), "serve", "--help"], capture_output=True, text=True, check=False)
    return "--no-scheduler" in shown.stdout


def signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    token = TOKEN.search(client.get("/login").text)
    assert token is not None
    answer = client.post("/login", data={"email": MANAGER, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code in (200, 303), answer.text[:300]
    return client


def measure_ours(base: str, requests: int) -> dict[str, list[float]]:
    client = signed_in(base)
    try:
        return measure(client, [p for _, p, _ in VIEWS], requests)
    finally:
        client.close()


def measure(client: httpx.Client, paths: list[str], requests: int) -> dict[str, list[float]]:
    """Each path asked `requests` times, round after round; seconds per request (the whole body read)."""
    samples: dict[str, list[float]] = {p: [] for p in paths}
    for path in paths:  # one warm-up each
        client.get(path)
    for _ in range(requests):
        for path in paths:
            began = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - began
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
            samples[path].append(elapsed)
    return samples


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def report(title: str, our: dict[str, list[float]], peer: dict[str, list[float]] | None) -> None:
    print(f"\n{title}")
    print(f"{'view':38} {'p50 ms':>8} {'p95 ms':>8} {'peer p95':>9} {'ratio':>6}")
    for label, path, peer_path in VIEWS:
        mine = our[path]
        line = f"{label:38} {statistics.median(mine) * 1000:8.1f} {p95(mine) * 1000:8.1f}"
        if peer and peer_path:
            theirs = p95(peer[peer_path])
            line += f" {theirs * 1000:9.1f} {p95(mine) / theirs:6.2f}"
        print(line)
    pages = [v for (label, path, _), v in zip(VIEWS, (our[p] for _, p, _ in VIEWS), strict=True) if "CSV" not in label]
    worst = max(p95(v) for v in pages)
    print(f"worst page p95: {worst * 1000:.1f} ms (target under 200 ms)")


def run_sqlite(rows: int, requests: int, folder: Path, with_peer: bool) -> None:
    path = folder / "bench.db"
    engine = make_engine(f"sqlite:///{path}")
    began = time.perf_counter()
    seed(engine, rows)
    engine.dispose()
    print(f"SQLite: seeded {rows:,} rows per list in {time.perf_counter() - began:.1f} s; load {os.getloadavg()}")
    with ours(f"sqlite:///{path}", folder) as base:
        our = measure_ours(base, requests)
    peer = None
    if with_peer:
        port = _free_port()
        command = [str(BIN / "datasette"), "serve", str(path), "--port", str(port), "--host", "127.0.0.1",
                   "--setting", "sql_time_limit_ms", "10000", "--setting", "max_returned_rows", "1000000",
                   "--setting", "allow_csv_stream", "on"]  # fmt: skip
        with serving(command, dict(os.environ), port, "/-/versions.json") as base, httpx.Client(
            base_url=base, timeout=60
        ) as client:
            peer = measure(client, [p for _, _, p in VIEWS if p], requests)
    report(f"SQLite, {rows:,} rows per list, {requests} requests per view (peer: Datasette)", our, peer)


def run_postgres(admin_url: str, rows: int, requests: int, folder: Path) -> None:
    name = f"po_lists_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        engine = make_engine(url)
        seed(engine, rows)
        engine.dispose()
        print(f"\nPostgreSQL: seeded {rows:,} rows per list; load {os.getloadavg()}")
        with ours(url, folder) as base:
            our = measure_ours(base, requests)
        report(f"PostgreSQL, {rows:,} rows per list, {requests} requests per view", our, None)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (needs PARTNEROPS_TEST_POSTGRES_URL)")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            run_sqlite(args.rows, args.requests, Path(tmp), not args.no_peer)
        postgres = os.environ.get("PARTNEROPS_TEST_POSTGRES_URL")
        if postgres and not args.no_postgres:
            run_postgres(postgres, args.rows, args.requests, Path(tmp))


if __name__ == "__main__":
    main()
