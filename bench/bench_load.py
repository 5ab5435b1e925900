"""Load run: 50 concurrent users against the dashboard and the deal registration endpoint, on loopback.

Builds the demo dataset (`partnerops demo`) into a fresh database, adds a partner manager and one user per
partner, serves the app with `partnerops serve --workers N` in its own process on 127.0.0.1, then runs an
asyncio + httpx client: half the users reload the dashboard, half submit deal registrations through the
portal form. Every user signs in through the login page first. Reports requests/s and p50/p95 latency per
endpoint, on SQLite and, when PARTNEROPS_TEST_POSTGRES_URL is set, on a fresh PostgreSQL database.

    .venv/bin/python bench/bench_load.py                      # 50 users, 20 requests each, 120 s cap, 2 workers
    .venv/bin/python bench/bench_load.py --users 50 --requests 40 --opportunities 2000 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select, text

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.store.database import make_engine
from partnerops.store.tables import partners

PASSWORD = "load-test-password-1"
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Timings:
    samples: dict[str, list[float]] = field(default_factory=dict)
    failures: int = 0

    def add(self, endpoint: str, seconds: float) -> None:
        self.samples.setdefault(endpoint, []).append(seconds)


def prepare_database(url: str, folder: Path, opportunities: int) -> int:
    """The demo dataset in `url`, plus users; returns how many partner users were added."""
    env = os.environ | {"PARTNEROPS_DATABASE_URL": url}
    command = [str(BIN / "partnerops"), "demo", "--dir", str(folder / "demo"), "--html", str(folder / "impact.html"),
               "--opportunities", str(opportunities)]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    engine = make_engine(url)
    with engine.begin() as connection:
        add_user(connection, "manager@load.test", Role.PARTNER_MANAGER, password=PASSWORD)
        external_ids = connection.execute(select(partners.c.external_id).order_by(partners.c.id)).scalars().all()
        for index, external_id in enumerate(external_ids):
            add_user(connection, f"partner{index}@load.test", Role.PARTNER_USER, partner_external_id=external_id,
                     password=PASSWORD)  # fmt: skip
    engine.dispose()
    return len(external_ids)


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`partnerops serve`, as a deployment runs it; its access log is dropped."""
    env = os.environ | {"PARTNEROPS_DATABASE_URL": url, "PARTNEROPS_SECURE_COOKIES": "false"}
    command = [str(BIN / "partnerops"), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not start")


async def sign_in(client: httpx.AsyncClient, email: str) -> None:
    form = await client.get("/login")
    token = TOKEN.search(form.text)
    assert token is not None
    answer = await client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code == 303, (email, answer.status_code)


async def dashboard_user(base: str, requests: int, stop: float, timings: Timings) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await sign_in(client, "manager@load.test")
        for _ in range(requests):
            if time.monotonic() > stop:
                return
            await _timed(timings, "GET / (dashboard)", client.get("/"), 200)


async def registration_user(base: str, email: str, requests: int, stop: float, timings: Timings) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await sign_in(client, email)
        token = TOKEN.search((await client.get("/portal/registrations/new")).text)
        assert token is not None
        for _ in range(requests):
            if time.monotonic() > stop:
                return
            form = {"csrf_token": token.group(1), "company_name": f"Load {uuid.uuid4().hex[:10]}",
                    "estimated_amount": "25000", "currency": "USD", "estimated_close_on": "2030-06-30"}  # fmt: skip
            await _timed(timings, "POST /portal/registrations", client.post("/portal/registrations", data=form), 303)


async def _timed(timings: Timings, endpoint: str, request: object, expected: int) -> None:
    started = time.perf_counter()
    answer = await request  # type: ignore[misc]
    timings.add(endpoint, time.perf_counter() - started)
    if answer.status_code != expected:
        timings.failures += 1


async def load(base: str, users: int, partner_users: int, requests: int, seconds: float) -> tuple[Timings, float]:
    timings = Timings()
    stop = time.monotonic() + seconds
    tasks = [dashboard_user(base, requests, stop, timings) for _ in range(users // 2)]
    tasks += [registration_user(base, f"partner{i % partner_users}@load.test", requests, stop, timings)
              for i in range(users - users // 2)]  # fmt: skip
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    return timings, time.perf_counter() - started


def run(backend: str, url: str, args: argparse.Namespace) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        partner_users = prepare_database(url, Path(folder), args.opportunities)
        port = _free_port()
        server = serve(url, port, args.workers)
        try:
            cold = _cold_dashboard(f"http://127.0.0.1:{port}", args.workers)
            timings, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", args.users, partner_users,
                                                args.requests, args.seconds))  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)
    return _rows(backend, timings, elapsed, cold)


def _cold_dashboard(base: str, workers: int) -> float:
    """The first dashboard load computes and caches the report: timed on its own, before the run. Each worker
    keeps its own cache, so as many loads run at once as there are workers (the slowest is reported)."""
    async def once(client: httpx.AsyncClient) -> float:
        started = time.perf_counter()
        assert (await client.get("/")).status_code == 200
        return time.perf_counter() - started

    async def warm() -> float:
        fresh_connections = httpx.Limits(max_keepalive_connections=0)  # so the kernel spreads them over workers
        async with httpx.AsyncClient(base_url=base, timeout=300, limits=fresh_connections) as client:
            await sign_in(client, "manager@load.test")
            return max(await asyncio.gather(*(once(client) for _ in range(workers * 4))))

    return asyncio.run(warm())


def _rows(backend: str, timings: Timings, elapsed: float, cold: float) -> list[str]:
    rows = []
    for endpoint, samples in sorted(timings.samples.items()):
        p95 = statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]
        rows.append(f"| {backend} | {endpoint} | {len(samples)} | {len(samples) / elapsed:.1f} | "
                    f"{statistics.median(samples) * 1000:.0f} | {p95 * 1000:.0f} |")  # fmt: skip
    rows.append(f"| {backend} | all ({timings.failures} failed; first dashboard load {cold:.1f} s) | "
                f"{sum(map(len, timings.samples.values()))} | "
                f"{sum(map(len, timings.samples.values())) / elapsed:.1f} | | |")  # fmt: skip
    return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_database(admin_url: str) -> tuple[str, str]:
    name = f"po_load_{uuid.uuid4().hex[:10]}"
    with make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return admin_url.rsplit("/", 1)[0] + "/" + name, name


def _drop_postgres(admin_url: str, name: str) -> None:
    with make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per user (bounded)")
    parser.add_argument("--seconds", type=float, default=120, help="stop every user after this long")
    parser.add_argument("--opportunities", type=int, default=8000, help="size of the demo dataset")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (one per core)")
    args = parser.parse_args()
    print("| database | endpoint | requests | requests/s | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        print("\n".join(run("SQLite", f"sqlite:///{folder}/load.db", args)), flush=True)
    admin_url = os.environ.get("PARTNEROPS_TEST_POSTGRES_URL")
    if admin_url:
        url, name = _postgres_database(admin_url)
        try:
            print("\n".join(run("PostgreSQL", url, args)), flush=True)
        finally:
            _drop_postgres(admin_url, name)


if __name__ == "__main__":
    main()
