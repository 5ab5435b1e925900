"""The registration queue and a partner's own registrations as lists: paged with the total, searched, filtered,
sorted and exported as CSV; the queue decides the selected registrations, or all the filter matches once their
count is confirmed, and reports the ones someone else decided meanwhile instead of failing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from partnerops.domain.roles import Principal, Role
from partnerops.registrations.service import reject_registration
from partnerops.store.registration_tables import registrations
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO_SECRETS, MANAGER, World

EXTRA = 60
Site = tuple[TestClient, Engine, World]


def _seed(engine: Engine) -> None:
    """60 more pending registrations of partner A: every third one flagged, the first ten overdue."""
    now = datetime.now(UTC)
    conflict = [{"rule": "live_registration", "detail": "Bravo Systems registered it first"}]
    rows = [{"partner_id": ALPHA, "company_name": f"Queue Co {i:03d}", "domain": f"queue{i:03d}.example",
             "estimated_amount_minor": 100_000 * (i + 1), "currency": "USD", "status": "pending",
             "conflicts": conflict if i % 3 == 0 else [], "rules_version": "test",
             "submitted_at": now - timedelta(days=5, minutes=i), "estimated_close_on": date(2030, 1, 1),
             "respond_by": now + timedelta(hours=i - 10, minutes=30), "expires_on": date.today() + timedelta(days=60)}
            for i in range(EXTRA)]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(registrations), rows)


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[Site]:
    app, engine, world = build_app(tmp_path)
    _seed(engine)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield client, engine, world
    engine.dispose()


def _pending(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).select_from(registrations).where(registrations.c.status == "pending")
        return int(conn.execute(query).scalar_one())


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/registrations").text)
    assert found is not None
    return found.group(1)


def _companies(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+?)(?: <span|</th>)', html)


def test_the_queue_pages_through_every_pending_registration_most_urgent_first(manager: Site) -> None:
    client, engine, _ = manager
    total = _pending(engine)
    first = client.get("/registrations")
    assert f"1–50 of {total:,} registrations" in first.text
    assert "10 overdue" in first.text and "20 flagged for conflicts" in first.text
    assert _companies(first.text)[:2] == ["Queue Co 000", "Queue Co 001"]
    second = client.get("/registrations?page=2")
    assert f"51–{total} of {total} registrations" in second.text
    assert not set(_companies(first.text)) & set(_companies(second.text))


def test_search_filters_and_sorting_narrow_and_order_the_queue(manager: Site) -> None:
    client, _, _ = manager
    found = client.get("/registrations", params={"q": "queue042.EXAMPLE"})
    assert _companies(found.text) == ["Queue Co 042"] and "1–1 of 1 registrations" in found.text
    flagged = client.get("/registrations", params={"conflict": "conflict", "size": "100"})
    assert "1–20 of 20 registrations" in flagged.text
    biggest = client.get("/registrations", params={"sort": "-estimated_amount_minor"})
    assert _companies(biggest.text)[0] == "Queue Co 059"
    assert 'aria-sort="descending"' in biggest.text
    assert client.get("/registrations", params={"status": "lost"}).status_code == 400
    assert client.get("/registrations", params={"sort": "notes"}).status_code == 400


def test_the_csv_holds_the_whole_filtered_view(manager: Site) -> None:
    client, _, _ = manager
    answer = client.get("/registrations", params={"q": "queue co 01", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert answer.headers["content-type"].startswith("text/csv")
    assert sorted(r["Company"] for r in rows) == [f"Queue Co {i:03d}" for i in range(10, 20)]
    assert {r["Partner id"] for r in rows} == {"PA"} and rows[0]["Estimate"].endswith(".00")


def test_approving_the_selected_reports_one_someone_else_decided(manager: Site) -> None:
    client, engine, _ = manager
    with engine.connect() as conn:
        ids = list(conn.execute(select(registrations.c.id).where(registrations.c.company_name.in_(
            ("Queue Co 001", "Queue Co 002", "Queue Co 004")))).scalars())  # fmt: skip
    other = Principal(1, MANAGER, Role.PARTNER_MANAGER)
    reject_registration(engine, other, ids[0], "decided in another tab")
    answer = client.post("/registrations/bulk", data={"csrf_token": _csrf(client), "decision": "approve",
                                                      "registration": [str(i) for i in ids]})  # fmt: skip
    assert answer.status_code == 200
    assert "2 registrations approved; 1 was decided by someone else meanwhile." in answer.text
    again = client.post("/registrations/bulk", data={"csrf_token": _csrf(client), "decision": "approve",
                                                     "registration": [str(i) for i in ids]})  # fmt: skip
    assert again.status_code == 409 and "Reload the queue" in again.text


def test_approving_flagged_ones_in_bulk_holds_them_back_by_name(manager: Site) -> None:
    client, engine, world = manager
    reject_registration(engine, Principal(1, MANAGER, Role.PARTNER_MANAGER), world.bravo_registration, "x")
    with engine.connect() as conn:
        ids = list(conn.execute(select(registrations.c.id).where(registrations.c.company_name.in_(
            ("Queue Co 003", "Queue Co 004")))).scalars())  # fmt: skip
    answer = client.post("/registrations/bulk", data={"csrf_token": _csrf(client), "decision": "approve",
                                                      "registration": [str(i) for i in ids]})  # fmt: skip
    assert "2 registrations approved." in answer.text


def test_rejecting_all_that_match_needs_a_reason_and_the_confirmed_count(manager: Site) -> None:
    client, engine, _ = manager
    form = {"csrf_token": _csrf(client), "decision": "reject", "scope": "all", "q": "Queue Co 05"}
    assert client.post("/registrations/bulk", data=form | {"confirm_count": "10"}).status_code == 400
    stale = client.post("/registrations/bulk", data=form | {"confirm_count": "9", "reason": "out of territory"})
    assert stale.status_code == 409 and "10 registrations match the filter now, not 9" in stale.text
    before = _pending(engine)
    done = client.post("/registrations/bulk", data=form | {"confirm_count": "10", "reason": "out of territory"})
    assert "10 registrations rejected." in done.text
    assert _pending(engine) == before - 10
    with engine.connect() as conn:
        reasons = conn.execute(select(registrations.c.decision_reason).where(
            registrations.c.company_name.like("Queue Co 05%"))).scalars().all()  # fmt: skip
    assert reasons == ["out of territory"] * 10


def test_a_partners_own_list_pages_and_exports_only_its_registrations(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    _seed(engine)
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        page = client.get("/portal/registrations")
        assert "1–50 of 61 registrations" in page.text
        assert "Queue Co 048" in page.text and "Queue Co 049" not in page.text  # the newest first
        exported = client.get("/portal/registrations", params={"format": "csv", "status": "pending"})
        assert len(list(csv.DictReader(io.StringIO(exported.text)))) == 61
        shown = page.text + exported.text + client.get("/portal/registrations?q=bravo").text
        assert "Partner id" not in exported.text and not [s for s in BRAVO_SECRETS if s in shown]
    engine.dispose()
