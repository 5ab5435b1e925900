"""The MDF approvals page holds two lists, requests and claims, each with its own parameters (requests_q,
claims_page, ...): each pages with its total, searches, filters, sorts and exports on its own, and moving through
one keeps the other where it was."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from partnerops.store.program_tables import mdf_claims, mdf_requests
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, BRAVO, MANAGER

REQUESTS = 70
Client = tuple[TestClient, Engine]


def _seed(engine: Engine) -> None:
    """70 requests (every other one pending, the rest approved) and a claim on each approved one: 35 claims, every
    fifth one reimbursed."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i in range(REQUESTS):
            request = conn.execute(insert(mdf_requests).values(
                partner_id=(ALPHA, BRAVO)[(i // 2) % 2], period="2026", title=f"Activity {i:03d}",
                plan=f"plan {i:03d}", budget_minor=100_000 + i, currency="USD", starts_on=date(2026, 1, 1),
                ends_on=date(2026, 2, 1), status="pending" if i % 2 else "approved",
                submitted_at=now - timedelta(minutes=i), submitted_by="seed").returning(mdf_requests.c.id),
            ).scalar_one()  # fmt: skip
            if i % 2 == 0:
                conn.execute(insert(mdf_claims).values(
                    request_id=request, partner_id=ALPHA, amount_minor=5_000 + i, currency="USD",
                    proof_reference=f"proof-{i:03d}", proof_description="photos", claimed_by="seed",
                    status="reimbursed" if i % 10 == 0 else "claimed", claimed_at=now - timedelta(minutes=i)))


def _count(engine: Engine, table: object, *statuses: str) -> int:
    with engine.connect() as conn:
        query = select(func.count()).select_from(table).where(table.c.status.in_(statuses))  # type: ignore[attr-defined]
        return int(conn.execute(query).scalar_one())


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    app, engine, _ = build_app(tmp_path)
    _seed(engine)
    with TestClient(app) as http:
        sign_in(http, MANAGER)
        yield http, engine
    engine.dispose()


def test_each_list_pages_with_its_own_total_and_keeps_the_other(client: Client) -> None:
    http, engine = client
    pending, waiting = _count(engine, mdf_requests, "pending"), _count(engine, mdf_claims, "claimed", "approved")
    page = http.get("/mdf").text
    assert f"1–{pending} of {pending} MDF requests" in page and f"1–{waiting} of {waiting} MDF claims" in page
    both = html.unescape(http.get("/mdf", params={"requests_size": "25", "claims_q": "proof-00"}).text)
    assert f"1–25 of {pending} MDF requests" in both and "1–4 of 4 MDF claims" in both
    kept = "/mdf?claims_q=proof-00&requests_sort=-submitted_at&requests_status=pending&requests_page=2"
    assert kept + "&requests_size=25" in both
    second = http.get("/mdf", params={"requests_size": "25", "requests_page": "2", "claims_q": "proof-00"}).text
    assert f"26–{pending} of {pending} MDF requests" in second and "1–4 of 4 MDF claims" in second


def test_filters_sort_and_each_lists_own_csv(client: Client) -> None:
    http, engine = client
    approved = _count(engine, mdf_requests, "approved")
    done = http.get("/mdf", params={"claims_stage": "reimbursed", "requests_status": "approved"}).text
    assert "1–7 of 7 MDF claims" in done and f"1–{approved} of {approved} MDF requests" in done
    cheapest = http.get("/mdf", params={"requests_sort": "budget_minor"}).text
    assert cheapest.index("Activity 001") < cheapest.index("Activity 003")
    rows = list(csv.DictReader(io.StringIO(http.get("/mdf", params={"claims_format": "csv",
                                                                     "claims_stage": "*"}).text)))  # fmt: skip
    assert len(rows) == _count(engine, mdf_claims, "claimed", "approved", "rejected", "reimbursed") > 35
    requests = list(csv.DictReader(io.StringIO(http.get("/mdf", params={"requests_format": "csv"}).text)))
    assert len(requests) == _count(engine, mdf_requests, "pending") and {r["Status"] for r in requests} == {"pending"}
    assert http.get("/mdf", params={"claims_stage": "lost"}).status_code == 400
