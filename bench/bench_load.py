"""Load run: 50 concurrent users against the dashboard, the registration form, lists and the MDF money path.

Builds the demo dataset (`partnerops demo`) into a fresh database, adds a partner manager and one user per
partner, funds ten partners with an approved MDF request each, serves the app with `partnerops serve --workers
N` in its own process on 127.0.0.1, then runs an asyncio + httpx client with a mixed workload: users reloading
the dashboard, partners submitting deal registrations through the portal form, managers reading the
registration list, and partners racing MDF claims against their approved request over the API (only as many
claims as the budget holds may succeed; the rest must be 409s). Counts every unexpected answer as an error and,
after the run, checks the money invariants in the database (no request claimed beyond its budget, no partner's
MDF below zero). Reports requests/s and p50/p95 latency per endpoint, on SQLite and, when
PARTNEROPS_TEST_POSTGRES_URL is set, on a fresh PostgreSQL database.

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
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import Connection, func, select, text

from partnerops.auth.tokens import create_token
from partnerops.auth.users import add_user
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds, partner_mdf_balance
from partnerops.program.mdf_model import LIVE_CLAIMS, RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.store.database import make_engine
from partnerops.store.program_tables import mdf_claims, mdf_requests
from partnerops.store.tables import partners

PASSWORD = "load-test-password-1"
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


# Each funded partner's approved request, and the claim the racing partners file against it over and over.
MDF_BUDGET, MDF_CLAIM, FUNDED_PARTNERS = Decimal("1000"), "300", 10
MANAGERS = 25


@dataclass
class Timings:
    samples: dict[str, list[float]] = field(default_factory=dict)
    failures: int = 0
    unexpected: dict[str, int] = field(default_factory=dict)

    def add(self, endpoint: str, seconds: float) -> None:
        self.samples.setdefault(endpoint, []).append(seconds)


@dataclass(frozen=True)
class World:
    partner_users: int
    # (API token of a partner user, that partner's approved MDF request id)
    funded: list[tuple[str, int]]


def prepare_database(url: str, folder: Path, opportunities: int) -> World:
    """The demo dataset in `url`, plus users and funded MDF requests."""
    env = os.environ | {"PARTNEROPS_DATABASE_URL": url}
    command = [str(BIN / "partnerops"), "demo", "--dir", str(folder / "demo"), "--html", str(folder / "impact.html"),
               "--opportunities", str(opportunities)]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    engine = make_engine(url)
    with engine.begin() as connection:
        # One account per manager user: simultaneous sign-ins to one account count against its login limit.
        for index in range(MANAGERS):
            add_user(connection, f"manager{index}@load.test", Role.PARTNER_MANAGER, password=PASSWORD)
        external_ids = connection.execute(select(partners.c.external_id).order_by(partners.c.id)).scalars().all()
        added = [add_user(connection, f"partner{index}@load.test", Role.PARTNER_USER, partner_external_id=external_id,
                          password=PASSWORD) for index, external_id in enumerate(external_ids)]  # fmt: skip
        funded = [_fund(connection, user.id, user.partner_id) for user in added[:FUNDED_PARTNERS]]
    engine.dispose()
    return World(len(external_ids), funded)


def _fund(connection: Connection, user_id: int, partner_id: int | None) -> tuple[str, int]:
    """A token for the partner user, and an approved MDF request of MDF_BUDGET USD for its partner."""
    assert partner_id is not None
    manager = Principal(0, "manager@load.test", Role.PARTNER_MANAGER)
    now = datetime.now(UTC)
    allocate_funds(connection, manager, partner_id, str(now.year), Money(MDF_BUDGET * 5, "USD"), now)
    plan = RequestInput(str(now.year), "Load test webinar", "A webinar for the load test", Money(MDF_BUDGET, "USD"),
                        now.date(), now.date())
    request = submit_request(connection, manager, plan, partner_id, now, reporting_currency="USD")
    approve_request(connection, manager, request.id, now)
    return create_token(connection, user_id, "load"), request.id


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`partnerops serve`, as a deployment runs it; its access log is dropped."""
    env = os.environ | {"PARTNEROPS_DATABASE_URL": url, "PARTNEROPS_SECURE_COOKIES": "false"}
    command = [str(BIN / "partnerops"), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180  # a loaded machine imports the app slowly
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


async def page_user(base: str, manager: int, path: str, endpoint: str, requests: int, stop: float,
                    timings: Timings) -> None:
    """A manager reloading one page (the dashboard, the registration list)."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await sign_in(client, f"manager{manager}@load.test")
        for _ in range(requests):
            if time.monotonic() > stop:
                return
            await _timed(timings, endpoint, client.get(path), 200)


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


async def claim_user(base: str, token: str, request_id: int, requests: int, stop: float, timings: Timings) -> None:
    """Races the other claimers of the same request: a claim either lands (201) or is refused (409)."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {"amount": MDF_CLAIM, "proof_reference": "s3://proof/load", "proof_description": "load test proof"}
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as client:
        for _ in range(requests):
            if time.monotonic() > stop:
                return
            claim = client.post(f"/api/v1/mdf/requests/{request_id}/claims", json=body)
            await _timed(timings, "POST /api/v1/mdf/.../claims", claim, 201, 409)


async def _timed(timings: Timings, endpoint: str, request: object, *expected: int) -> None:
    started = time.perf_counter()
    answer = await request  # type: ignore[misc]
    timings.add(endpoint, time.perf_counter() - started)
    if answer.status_code not in expected:
        timings.failures += 1
        key = f"{endpoint} {answer.status_code}"
        timings.unexpected[key] = timings.unexpected.get(key, 0) + 1


async def load(base: str, users: int, world: World, requests: int, seconds: float) -> tuple[Timings, float]:
    """Of `users`: 40% reload the dashboard, 20% submit registrations, 10% read the registration list and 30%
    race MDF claims (three users per funded request)."""
    timings = Timings()
    stop = time.monotonic() + seconds
    dashboards, registrations, lists = users * 4 // 10, users * 2 // 10, users // 10
    claims = users - dashboards - registrations - lists
    tasks = [page_user(base, i % MANAGERS, "/", "GET / (dashboard)", requests, stop, timings)
             for i in range(dashboards)]
    tasks += [registration_user(base, f"partner{i % world.partner_users}@load.test", requests, stop, timings)
              for i in range(registrations)]  # fmt: skip
    tasks += [page_user(base, (dashboards + i) % MANAGERS, "/registrations", "GET /registrations (list)", requests,
                        stop, timings) for i in range(lists)]
    tasks += [claim_user(base, *world.funded[i % len(world.funded)], requests, stop, timings) for i in range(claims)]
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    return timings, time.perf_counter() - started


def run(backend: str, url: str, args: argparse.Namespace) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        world = prepare_database(url, Path(folder), args.opportunities)
        port = _free_port()
        server = serve(url, port, args.workers)
        try:
            cold = _cold_dashboard(f"http://127.0.0.1:{port}", args.workers)
            timings, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", args.users, world,
                                                args.requests, args.seconds))  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)
        violations = money_violations(url)
    return [*_rows(backend, timings, elapsed, cold), f"| {backend} | invariant violations: {len(violations)}"
            f"{' (' + '; '.join(violations) + ')' if violations else ''}; unexpected answers: "
            f"{timings.unexpected or 'none'} | | | | |"]


def money_violations(url: str) -> list[str]:
    """Every approved request claimed beyond its budget, and every partner whose MDF left is below zero."""
    engine = make_engine(url)
    c, r = mdf_claims.c, mdf_requests.c
    claimed = select(r.id, r.budget_minor, func.coalesce(func.sum(c.amount_minor), 0)).outerjoin(
        mdf_claims, (c.request_id == r.id) & c.status.in_(LIVE_CLAIMS)).group_by(r.id, r.budget_minor)
    found: list[str] = []
    with engine.connect() as connection:
        found += [f"request {rid} claimed {total} of {budget}" for rid, budget, total in connection.execute(claimed)
                  if total > budget]
        for partner_id in connection.execute(select(mdf_requests.c.partner_id).distinct()).scalars():
            for currency, balance in partner_mdf_balance(connection, partner_id, date.today()).items():
                if balance.remaining.amount < 0:
                    found.append(f"partner {partner_id} MDF left {balance.remaining} in {currency}")
    engine.dispose()
    return found


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
            await sign_in(client, "manager0@load.test")
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
