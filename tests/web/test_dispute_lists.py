"""Commission disputes as lists: on the commissions page every partner's, open ones first (a second list beside the
payout batches, its parameters prefixed `disputes_`), and in the portal the partner's own. Each pages with its exact
total, searches claim, evidence, resolution, partner and line, filters by status, sorts, exports the filtered view,
refuses what it does not offer, and the portal's never shows another partner's dispute."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from partnerops.commissions.adjustments import adjust
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_disputes
from web.conftest import build_app, sign_in
from web.portal_world import partner_id, portal_client, seed_partners
from web.web_world import ALPHA, ALPHA_USER, BRAVO, BRAVO_USER, MANAGER

ALPHA_DISPUTES, BRAVO_DISPUTES = 70, 30
# Only Bravo's disputes carry these: none may reach a page or export of Alpha's user.
BRAVO_WORDS = ("bravo-secret-claim", "bravo-secret-evidence", "bravo-secret-resolution", "bravo-secret-line",
               "bravo-dispute-claim", "Bravo Systems")  # fmt: skip


def status_of(i: int) -> str:
    """The i-th dispute's status: every fourth resolved, accepted and rejected in turn; the rest open."""
    return "open" if i % 4 else ("accepted", "rejected")[(i // 4) % 2]


def _seed(engine: Engine, alpha: int = ALPHA, bravo: int = BRAVO) -> None:
    """Alpha's 70 disputes, each on a line of its own ('alpha-line NNN'), and Bravo's 30, statuses as status_of."""
    now = datetime.now(UTC)
    rows = []
    for partner, word, count in ((alpha, "alpha", ALPHA_DISPUTES), (bravo, "bravo-secret", BRAVO_DISPUTES)):
        for i in range(count):
            line = adjust(engine, partner, Money.from_minor(100 + i, "USD"), f"{word}-line {i:03d}", "finance",
                          date(2026, 8, 1))  # fmt: skip
            status = status_of(i)
            rows.append({
                "partner_id": partner, "entry_id": line, "status": status, "claim": f"{word}-claim {i:03d}",
                "evidence": f"{word}-evidence {i:03d}", "opened_by": "seed", "opened_at": now - timedelta(hours=i),
                "resolution": None if status == "open" else f"{word}-resolution {i:03d}",
                "resolved_by": None if status == "open" else "manager@partnerops.test",
                "resolved_at": None if status == "open" else now,
            })  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(commission_disputes), rows)


def count(engine: Engine, *statuses: str, partner: int | None = None) -> int:
    d = commission_disputes.c
    query = select(func.count()).select_from(commission_disputes).where(d.status.in_(statuses))
    with engine.connect() as conn:
        return int(conn.execute(query if partner is None else query.where(d.partner_id == partner)).scalar_one())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient, Engine]]:
    app, engine, _ = build_app(tmp_path_factory.mktemp("dispute-lists"))
    _seed(engine)
    with TestClient(app) as manager, TestClient(app) as alpha:
        sign_in(manager, MANAGER)
        sign_in(alpha, ALPHA_USER)
        yield manager, alpha, engine
    engine.dispose()


def get(client: TestClient, path: str, **params: str) -> str:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return html.unescape(answer.text)


def shown_claims(page: str, table: str) -> list[str]:
    part = page[page.index(f'id="{table}"'):]
    part = part[:part.index("</table>")]
    return re.findall(r"<td>((?:alpha|bravo-secret)-claim \d{3})</td>", part)


def test_the_desk_lists_open_disputes_paged_with_the_exact_total(world: tuple[TestClient, TestClient, Engine]) -> None:
    manager, _, engine = world
    waiting = count(engine, "open")
    first = get(manager, "/commissions")
    assert f"1–50 of {waiting} disputes" in first and len(shown_claims(first, "open-disputes")) == 50
    second = get(manager, "/commissions", disputes_page="2", status="draft")
    assert f"51–{waiting} of {waiting} disputes" in second
    assert set(re.findall(r'<tr id="dispute-\d+">.*?<td>(\w+)</td><td>\d{4}-', second, re.S)) == {"open"}
    # Each list's links keep the other's parameters.
    assert "/commissions?status=draft&disputes_sort=-id&disputes_status=open&disputes_page=1&disputes_size=50" in second
    assert "/commissions?disputes_page=2&sort=through&status=draft&size=50" in second


def test_the_desk_searches_filters_sorts_and_exports(world: tuple[TestClient, TestClient, Engine]) -> None:
    manager, _, engine = world
    assert "1–1 of 1 disputes" in get(manager, "/commissions", disputes_q="alpha-evidence 013")
    bravo_open = count(engine, "open", partner=BRAVO)
    assert f"1–{bravo_open} of {bravo_open} disputes" in get(manager, "/commissions", disputes_q="bravo systems")
    assert "1–1 of 1 disputes" in get(manager, "/commissions", disputes_q="alpha-line 013")
    accepted = count(engine, "accepted")
    page = get(manager, "/commissions", disputes_status="accepted", disputes_q="resolution")
    assert f"1–{accepted} of {accepted} disputes" in page and "alpha-resolution 000" in page
    everything = count(engine, "open", "accepted", "rejected")
    assert f"1–50 of {everything} disputes" in get(manager, "/commissions", disputes_status="*")
    by_claim = shown_claims(get(manager, "/commissions", disputes_sort="claim", disputes_size="25"), "open-disputes")
    assert by_claim == sorted(by_claim) and by_claim[0] == "alpha-claim 001"
    rows = list(csv.DictReader(io.StringIO(get(manager, "/commissions", disputes_format="csv",
                                                disputes_status="rejected"))))  # fmt: skip
    assert len(rows) == count(engine, "rejected") and {row["Status"] for row in rows} == {"rejected"}
    assert {row["Partner"] for row in rows} == {"Alpha Cloud", "Bravo Systems"}
    assert all(row["Resolution"].endswith(row["Claim"][-3:]) for row in rows)


def test_the_portal_lists_the_partners_own_disputes(world: tuple[TestClient, TestClient, Engine]) -> None:
    _, alpha, engine = world
    own = count(engine, "open", "accepted", "rejected", partner=ALPHA)
    page = get(alpha, "/portal/commissions")
    assert f"1–50 of {own} disputes" in page
    assert f"51–{own} of {own} disputes" in get(alpha, "/portal/commissions", disputes_page="2")
    accepted = count(engine, "accepted", partner=ALPHA)
    assert f"1–{accepted} of {accepted} disputes" in get(alpha, "/portal/commissions", disputes_status="accepted")
    assert "1–1 of 1 disputes" in get(alpha, "/portal/commissions", disputes_q="alpha-resolution 004")
    newest = shown_claims(get(alpha, "/portal/commissions", disputes_sort="-opened_at"), "my-disputes")
    assert newest[:3] == ["alpha-claim 000", "alpha-claim 001", "alpha-claim 002"]
    rows = list(csv.DictReader(io.StringIO(get(alpha, "/portal/commissions", disputes_format="csv"))))
    assert len(rows) == own and "Partner" not in rows[0]
    assert all(row["Line reason"] == f"alpha-line {row['Claim'][-3:]}" for row in rows)


@pytest.mark.parametrize(("path", "params"), [
    ("/commissions", {"disputes_status": "lost"}), ("/commissions", {"disputes_sort": "resolution"}),
    ("/commissions", {"disputes_page": "x"}), ("/portal/commissions", {"disputes_status": "pending"}),
    ("/portal/commissions", {"disputes_sort": "partner"}), ("/portal/commissions", {"disputes_size": "1000"}),
])  # fmt: skip
def test_a_parameter_the_list_does_not_offer_is_a_400_page(
    world: tuple[TestClient, TestClient, Engine], path: str, params: dict[str, str]
) -> None:
    manager, alpha, _ = world
    answer = (alpha if path.startswith("/portal") else manager).get(path, params=params)
    assert answer.status_code == 400
    assert next(iter(params)).removeprefix("disputes_") in answer.text


CRAFTED: tuple[dict[str, str], ...] = (
    {}, {"disputes_q": "bravo"}, {"disputes_q": "secret"}, {"disputes_q": "Bravo Systems"},
    {"disputes_status": "open"}, {"disputes_status": "*"}, {"disputes_sort": "-claim", "disputes_size": "200"},
    {"disputes_sort": "entry_id"}, {"disputes_page": "3"}, {"disputes_page": "9999"}, {"partner_id": str(BRAVO)},
    {"disputes_partner_id": str(BRAVO)}, {"disputes_partner": "Bravo Systems"}, {"disputes_q": "%"},
)  # fmt: skip


@pytest.mark.parametrize("params", CRAFTED)
def test_no_search_filter_sort_page_or_export_reaches_another_partners_dispute(
    world: tuple[TestClient, TestClient, Engine], params: dict[str, str]
) -> None:
    _, alpha, engine = world
    page = alpha.get("/portal/commissions", params=params).text
    export = alpha.get("/portal/commissions", params=params | {"disputes_format": "csv"}).text
    echoed = set(params.values())  # the page shows the search asked for: not a leak
    assert not [word for word in BRAVO_WORDS if word in page and word not in echoed]
    assert not [word for word in BRAVO_WORDS if word in export]
    assert len(list(csv.DictReader(io.StringIO(export)))) <= count(engine, "open", "accepted", "rejected",
                                                                   partner=ALPHA)  # fmt: skip


def test_the_other_partner_sees_its_own_disputes_the_control(world: tuple[TestClient, TestClient, Engine]) -> None:
    manager, _, engine = world
    own = count(engine, "open", "accepted", "rejected", partner=BRAVO)
    with TestClient(manager.app) as bravo:
        sign_in(bravo, BRAVO_USER)
        page = get(bravo, "/portal/commissions", disputes_status="*")
    assert f"1–{own} of {own} disputes" in page and "bravo-secret-claim 000" in page and "alpha-claim" not in page


def test_both_lists_read_the_same_on_either_database(engine: Engine) -> None:
    seed_partners(engine)
    alpha, bravo = partner_id(engine, "PA"), partner_id(engine, "PB")
    _seed(engine, alpha, bravo)
    waiting = count(engine, "open")
    with portal_client(engine, MANAGER) as manager:
        desk = get(manager, "/commissions", disputes_sort="-partner", disputes_size="25")
        found = get(manager, "/commissions", disputes_q="BRAVO-SECRET-RESOLUTION", disputes_status="*")
        rows = list(csv.DictReader(io.StringIO(get(manager, "/commissions", disputes_format="csv"))))
    assert f"1–25 of {waiting} disputes" in desk and shown_claims(desk, "open-disputes")[0] == "bravo-secret-claim 029"
    resolved = count(engine, "accepted", "rejected", partner=bravo)
    assert f"1–{resolved} of {resolved} disputes" in found
    assert len(rows) == waiting
    with portal_client(engine, ALPHA_USER) as client:
        own = get(client, "/portal/commissions", disputes_q="secret", disputes_status="*")
        export = client.get("/portal/commissions", params={"disputes_format": "csv", "disputes_q": "b"}).text
    assert "0 disputes" in own and not [word for word in BRAVO_WORDS if word in export]
