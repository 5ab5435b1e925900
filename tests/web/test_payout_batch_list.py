"""Payout batches on the commissions page as a list: paged with the total, filtered by status, sorted, exported;
a batch's partner count is of partners, not of its partner-and-currency items."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO, MANAGER

EXTRA = 60


def _seed(engine: Engine) -> None:
    """60 batches, each paying partner A in USD and EUR and partner B in USD; every third one paid."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for n in range(EXTRA):
            batch = conn.execute(insert(commission_payout_batches).values(
                status="paid" if n % 3 == 0 else "draft", through=date(2020, 1, 1) + timedelta(days=7 * n),
                pay_on=date(2020, 1, 15) + timedelta(days=7 * n), created_by="seed", created_at=now,
            ).returning(commission_payout_batches.c.id)).scalar_one()  # fmt: skip
            conn.execute(insert(commission_payout_items), [
                {"batch_id": batch, "partner_id": ALPHA, "currency": "USD", "amount_minor": 100_00 * (n + 1)},
                {"batch_id": batch, "partner_id": ALPHA, "currency": "EUR", "amount_minor": 50_00},
                {"batch_id": batch, "partner_id": BRAVO, "currency": "USD", "amount_minor": 25_00}])  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    app, engine, _ = build_app(tmp_path)
    _seed(engine)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield client, engine
    engine.dispose()


def _batches(engine: Engine, *where: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(commission_payout_batches).where(*where))
                   .scalar_one())  # fmt: skip


def test_the_batches_page_with_the_total_and_counts_partners_not_items(client: tuple[TestClient, Engine]) -> None:
    http, engine = client
    total = _batches(engine)
    page = http.get("/commissions")
    assert f"1–50 of {total} payout batches" in page.text
    newest = _batches(engine)  # the default order is newest first
    row = page.text[page.text.index(f'id="batch-{newest}"'):]
    row = row[:row.index("</tr>")]
    assert "<td>2</td>" in row and "50.00 EUR" in row and "6,025.00 USD" in row
    assert f"51–{total} of {total} payout batches" in http.get("/commissions?page=2").text


def test_filtering_sorting_and_the_csv(client: tuple[TestClient, Engine]) -> None:
    http, engine = client
    paid = _batches(engine, commission_payout_batches.c.status == "paid")
    assert f"1–{paid} of {paid} payout batches" in http.get("/commissions?status=paid").text
    oldest = http.get("/commissions?sort=pay_on").text
    assert oldest.index("2020-01-15") < oldest.index("2020-01-22")
    rows = list(csv.DictReader(io.StringIO(http.get("/commissions?status=paid&format=csv").text)))
    assert len(rows) == paid and {r["Partners"] for r in rows} == {"2"} and {r["Items"] for r in rows} == {"3"}
    assert http.get("/commissions?status=lost").status_code == 400


def test_a_partners_user_gets_no_batch_list(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    _seed(engine)
    with TestClient(app) as http:
        sign_in(http, ALPHA_USER)
        assert http.get("/commissions?format=csv").status_code == 403
    engine.dispose()
