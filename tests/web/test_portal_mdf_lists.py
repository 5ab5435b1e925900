"""The portal's MDF page holds two lists of the partner's own, requests and claims, each with its own parameters
(requests_q, claims_page, ...): every one of them paged with the exact total, searched, filtered by status, sorted,
exported, and never one of another partner's, whatever the parameters."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, func, insert, select

from partnerops.store.program_tables import mdf_claims, mdf_requests
from web.conftest import build_app, sign_in
from web.portal_world import partner_id, portal_client, seed_partners
from web.web_world import ALPHA, ALPHA_USER, BRAVO, BRAVO_USER

ALPHA_REQUESTS, BRAVO_REQUESTS = 75, 30
STATUSES = ("pending", "approved", "rejected")
CLAIM_STATUSES = ("claimed", "approved", "reimbursed", "rejected")
# Only Bravo's records carry these: none may reach a page or export of Alpha's user.
BRAVO_WORDS = ("bravo-secret-activity", "bravo-secret-plan", "bravo-secret-proof", "Bravo hidden summit",
               "bravo-summit-plan", "bravo-summit-proof")  # fmt: skip
Clients = tuple[TestClient, Engine]


def _seed(engine: Engine, alpha: int = ALPHA, bravo: int = BRAVO) -> None:
    """Alpha's 75 requests and Bravo's 30 (pending, approved, rejected in turn), and a claim on each approved one
    (claimed, approved, reimbursed, rejected in turn)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for partner, word, count in ((alpha, "alpha", ALPHA_REQUESTS), (bravo, "bravo-secret", BRAVO_REQUESTS)):
            for i in range(count):
                status = STATUSES[i % 3]
                request = conn.execute(insert(mdf_requests).values(
                    partner_id=partner, period="2026", title=f"{word}-activity {i:03d}", plan=f"{word}-plan {i:03d}",
                    budget_minor=100_000 + 7 * ((i * 37) % count), currency="USD", starts_on=date(2026, 1, 1),
                    ends_on=date(2026, 2, 1), status=status, submitted_at=now - timedelta(minutes=i),
                    submitted_by="seed", decision_reason="over budget" if status == "rejected" else None,
                ).returning(mdf_requests.c.id)).scalar_one()  # fmt: skip
                if status == "approved":
                    conn.execute(insert(mdf_claims).values(
                        request_id=request, partner_id=partner, amount_minor=5_000 + i, currency="USD",
                        proof_reference=f"{word}-proof {i:03d}", proof_description="photos", claimed_by="seed",
                        status=CLAIM_STATUSES[(i // 3) % 4], claimed_at=now - timedelta(minutes=i),
                        payment_reference=f"PAY-{i:03d}" if CLAIM_STATUSES[(i // 3) % 4] == "reimbursed" else None,
                    ))  # fmt: skip


def count(engine: Engine, table: Table, partner: int, *statuses: str) -> int:
    query = select(func.count()).select_from(table).where(table.c.partner_id == partner)
    if statuses:
        query = query.where(table.c.status.in_(statuses))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


@pytest.fixture(scope="module")
def alpha(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clients]:
    app, engine, _ = build_app(tmp_path_factory.mktemp("portal-mdf-lists"))
    _seed(engine)
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        yield client, engine
    engine.dispose()


def mdf_page(client: TestClient, **params: str) -> str:
    answer = client.get("/portal/mdf", params=params)
    assert answer.status_code == 200, answer.text
    return html.unescape(answer.text)


def exported(client: TestClient, **params: str) -> list[dict[str, str]]:
    answer = client.get("/portal/mdf", params=params)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def titles(page: str) -> list[str]:
    table = page[page.index('id="mdf-requests"'):page.index('id="mdf-claims"')]
    return re.findall(r'<th scope="row">(alpha-activity \d{3})</th>', table)


def test_each_list_pages_with_its_own_exact_total_and_keeps_the_other(alpha: Clients) -> None:
    client, engine = alpha
    requests, claims = count(engine, mdf_requests, ALPHA), count(engine, mdf_claims, ALPHA)
    first = mdf_page(client)
    assert f"1–50 of {requests} MDF requests" in first and f"1–{claims} of {claims} MDF claims" in first
    assert len(titles(first)) == 50
    second = mdf_page(client, requests_page="2", claims_q="alpha-proof 00")
    assert f"51–{requests} of {requests} MDF requests" in second and "1–3 of 3 MDF claims" in second
    assert len(titles(second)) == requests - 50
    assert "/portal/mdf?claims_q=alpha-proof+00&requests_sort=-submitted_at&requests_page=1&requests_size=50" in second
    assert "/portal/mdf?requests_page=2&claims_q=alpha-proof+00&claims_sort=id&claims_size=50" in second


def test_search_filter_and_sort_each_list(alpha: Clients) -> None:
    client, engine = alpha
    assert "1–10 of 10 MDF requests" in mdf_page(client, requests_q="alpha-activity 01")
    assert "1–1 of 1 MDF requests" in mdf_page(client, requests_q="alpha-plan 042")
    rejected = count(engine, mdf_requests, ALPHA, "rejected")
    page = mdf_page(client, requests_status="rejected")
    assert f"1–{rejected} of {rejected} MDF requests" in page and "(over budget)" in page
    reimbursed = count(engine, mdf_claims, ALPHA, "reimbursed")
    assert f"1–{reimbursed} of {reimbursed} MDF claims" in mdf_page(client, claims_status="reimbursed")
    assert f"of {reimbursed} MDF claims" in mdf_page(client, claims_q="PAY-")
    cheapest = titles(mdf_page(client, requests_sort="budget_minor", requests_size="25"))
    budgets = {i: 100_000 + 7 * ((i * 37) % ALPHA_REQUESTS) for i in range(ALPHA_REQUESTS)}
    assert cheapest == [f"alpha-activity {i:03d}" for i in sorted(budgets, key=lambda i: budgets[i])[:25]]
    oldest = titles(mdf_page(client, requests_sort="submitted_at", requests_size="25"))
    assert oldest[0] == f"alpha-activity {ALPHA_REQUESTS - 1:03d}"


def test_each_list_exports_its_filtered_view(alpha: Clients) -> None:
    client, engine = alpha
    approved = exported(client, requests_format="csv", requests_status="approved")
    assert len(approved) == count(engine, mdf_requests, ALPHA, "approved")
    assert {row["Status"] for row in approved} == {"approved"}
    assert all(Decimal(row["Budget"]) >= 1000 and row["Currency"] == "USD" for row in approved)
    claims = exported(client, claims_format="csv")
    assert len(claims) == count(engine, mdf_claims, ALPHA)
    assert {row["Activity"][:14] for row in claims} == {"alpha-activity"}
    found = exported(client, claims_format="csv", claims_q="alpha-proof 004")
    assert [row["Amount"] for row in found] == ["50.04"]


@pytest.mark.parametrize("params", [
    {"requests_status": "lost"}, {"requests_sort": "partner"}, {"requests_sort": "plan"}, {"claims_status": "open"},
    {"claims_sort": "proof_reference"}, {"claims_page": "-1"}, {"requests_size": "3"},
])  # fmt: skip
def test_a_parameter_the_list_does_not_offer_is_a_400_page(alpha: Clients, params: dict[str, str]) -> None:
    client, _ = alpha
    answer = client.get("/portal/mdf", params=params)
    assert answer.status_code == 400
    assert next(iter(params)).split("_", 1)[1] in answer.text


CRAFTED: tuple[dict[str, str], ...] = (
    {}, {"requests_q": "bravo"}, {"requests_q": "secret"}, {"claims_q": "bravo-secret-proof"},
    {"claims_q": "bravo"}, {"requests_status": "approved", "claims_status": "reimbursed"},
    {"requests_sort": "-budget_minor", "requests_size": "200"}, {"claims_sort": "-amount_minor", "claims_size": "200"},
    {"requests_page": "2"}, {"requests_page": "500", "claims_page": "500"}, {"partner_id": str(BRAVO)},
    {"requests_partner_id": str(BRAVO)}, {"claims_partner": "Bravo Systems"}, {"requests_q": "_"},
)  # fmt: skip


@pytest.mark.parametrize("params", CRAFTED)
def test_no_search_filter_sort_page_or_export_reaches_another_partners_mdf(
    alpha: Clients, params: dict[str, str]
) -> None:
    client, engine = alpha
    page = client.get("/portal/mdf", params=params).text
    echoed = set(params.values())  # the page shows the search asked for: not a leak
    assert not [word for word in BRAVO_WORDS if word in page and word not in echoed]
    for prefix, table in (("requests_", mdf_requests), ("claims_", mdf_claims)):
        export = client.get("/portal/mdf", params=params | {prefix + "format": "csv"}).text
        assert not [word for word in BRAVO_WORDS if word in export]
        assert len(list(csv.DictReader(io.StringIO(export)))) <= count(engine, table, ALPHA)


def test_the_other_partner_sees_its_own_the_control(alpha: Clients) -> None:
    client, engine = alpha
    with TestClient(client.app) as bravo:
        sign_in(bravo, BRAVO_USER)
        page = mdf_page(bravo, requests_q="secret", claims_q="secret")
    requests = count(engine, mdf_requests, BRAVO) - 1  # the page tests' world gave Bravo a request of its own
    claims = count(engine, mdf_claims, BRAVO) - 1
    assert f"1–{requests} of {requests} MDF requests" in page and f"1–{claims} of {claims} MDF claims" in page
    assert "bravo-secret-activity 000" in page and "alpha-activity" not in page


def test_both_lists_read_the_same_on_either_database(engine: Engine) -> None:
    seed_partners(engine)
    alpha, bravo = partner_id(engine, "PA"), partner_id(engine, "PB")
    _seed(engine, alpha, bravo)
    with portal_client(engine, ALPHA_USER) as client:
        page = mdf_page(client, requests_q="ALPHA-PLAN 07", requests_sort="-budget_minor", claims_q="Alpha-Proof",
                        claims_sort="-amount_minor", claims_status="approved")  # fmt: skip
        leaked = mdf_page(client, requests_q="secret", claims_q="secret")
        rows = exported(client, claims_format="csv", claims_sort="request_title")
    approved = count(engine, mdf_claims, alpha, "approved")
    assert "1–5 of 5 MDF requests" in page and f"1–{approved} of {approved} MDF claims" in page
    budgets = {i: 100_000 + 7 * ((i * 37) % ALPHA_REQUESTS) for i in range(70, 75)}
    assert titles(page) == [f"alpha-activity {i:03d}" for i in sorted(budgets, key=lambda i: -budgets[i])]
    assert "0 MDF requests" in leaked and "0 MDF claims" in leaked
    assert [row["Activity"] for row in rows] == sorted(row["Activity"] for row in rows)
    assert len(rows) == count(engine, mdf_claims, alpha)
