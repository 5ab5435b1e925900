"""The account mapping pages as lists: the overview of 120 partners' lists, a partner's 300-odd overlapping
accounts and the accounts partners share, each paged with its total, searched, sorted, filtered and downloaded as
CSV with the figures `partnerops.mapping` gives; a wrong parameter is the 400 page, an unknown partner the 404."""

from __future__ import annotations

import csv
import html
import io
import random
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.shared_accounts import SharedFilter, shared_accounts
from partnerops.store.mapping_tables import mapping_sharing, partner_accounts
from partnerops.store.tables import partners
from web.conftest import build_app, sign_in
from web.mapping_world import seed_mapping
from web.web_world import MANAGER

BIG = 3000  # the partner with the long list: GP-3000
Site = tuple[TestClient, Engine]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The page world with 120 generated partners' lists (GP-1000 deleted in the CRM) and GP-3000's 600 accounts."""
    app, engine, _ = build_app(tmp_path_factory.mktemp("mapping-lists"))
    seed_mapping(engine, random.Random(11), partner_count=121, listed=3)
    seed_mapping(engine, random.Random(12), partner_count=2, listed=600, first_id=BIG, deleted_first=False)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield client, engine
    engine.dispose()


def _listing_partners(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(partner_accounts.c.partner_id).distinct()).scalars())


def _counts(engine: Engine, partner_id: int, where: OverlapFilter | None = None) -> dict[OverlapCategory, int]:
    with engine.connect() as conn:
        return overlap(conn, partner_id, where).counts


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _id_of(engine: Engine, ref: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(partners.c.id).where(partners.c.external_id == ref)).scalar_one())


def _first_row_ref(page: str) -> str:
    found = re.search(r'<th scope="row"><a href="/mapping/([^"]+)">', page)
    assert found is not None
    return found.group(1)


def test_the_overview_pages_every_partner_with_a_list_with_its_total(site: Site) -> None:
    client, engine = site
    total = len(_listing_partners(engine))
    assert total > 120
    assert f"1–50 of {total} partners with an account list" in client.get("/mapping").text
    assert total < 150 and f"101–{total} of {total} partners" in client.get("/mapping?page=3").text
    deleted = client.get("/mapping", params={"q": "gp-1000"})
    assert "1–1 of 1 partners" in deleted.text and "(deleted in the CRM)" in deleted.text
    assert "<td>2026-06-01</td>" in deleted.text  # its list's last import


def test_the_overview_shows_overlap_s_counts_and_sorts_by_a_count(site: Site) -> None:
    client, engine = site
    page = client.get("/mapping", params={"q": "GP-3000"}).text
    cells = re.findall(r"<td>([\d,]+)</td>", page)
    counts = _counts(engine, BIG)
    assert [int(c.replace(",", "")) for c in cells[1:5]] == [counts[c] for c in OverlapCategory]
    most = max(_counts(engine, p)[OverlapCategory.WHITE_SPACE] for p in _listing_partners(engine))
    by_white_space = client.get("/mapping", params={"sort": "-white_space"}).text
    assert 'aria-sort="descending"' in by_white_space
    first = _id_of(engine, _first_row_ref(by_white_space))
    assert _counts(engine, first)[OverlapCategory.WHITE_SPACE] == most


def test_the_overview_filters_by_sharing_level_and_downloads_that_selection(site: Site) -> None:
    client, engine = site
    with engine.connect() as conn:
        levels = select(mapping_sharing.c.partner_id).where(mapping_sharing.c.level == "full")
        full = set(conn.execute(levels).scalars())
    expected = full & set(_listing_partners(engine))
    assert f"of {len(expected)} partners" in client.get("/mapping", params={"sharing": "full"}).text
    rows = _csv(client.get("/mapping", params={"sharing": "full", "format": "csv"}).text)
    assert len(rows) == len(expected) and {r["Sharing"] for r in rows} == {"full"}
    for row in rows[:15]:
        counts = _counts(engine, _id_of(engine, row["Id"]))
        assert [int(row[c.label.capitalize()]) for c in OverlapCategory] == [counts[c] for c in OverlapCategory]


def test_a_partner_s_overlap_pages_with_its_total_and_counts(site: Site) -> None:
    client, engine = site
    counts = _counts(engine, BIG)
    total = sum(counts.values())
    assert total > 300
    first = client.get(f"/mapping/GP-{BIG}").text
    assert f"1–50 of {total} overlapping accounts" in first
    assert all(f"{c.label}: {n:,}" in first for c, n in counts.items())
    last_page = -(-total // 50)
    assert f"{(last_page - 1) * 50 + 1}–{total} of {total}" in client.get(f"/mapping/GP-{BIG}?page={last_page}").text


def test_a_partner_s_overlap_searches_sorts_and_filters_ignoring_the_case_of_segments(site: Site) -> None:
    client, engine = site
    with engine.connect() as conn:
        rows = overlap(conn, BIG).rows
        chosen = overlap(conn, BIG, OverlapFilter(OverlapCategory.WHITE_SPACE, "ENTERPRISE")).rows.height
    name = rows.get_column("their_name")[7]
    assert "1–1 of 1 overlapping accounts" in client.get(f"/mapping/GP-{BIG}", params={"q": name.upper()}).text
    by_score = client.get(f"/mapping/GP-{BIG}", params={"sort": "-score"}).text
    best = rows.get_column("score").max()
    assert isinstance(best, float) and f"({best:.2f})" in by_score.split("<tbody>")[1].split("</tr>")[0]
    filtered = client.get(f"/mapping/GP-{BIG}", params={"category": "white_space", "segment": "ENTERPRISE"})
    assert f"of {chosen} overlapping accounts" in filtered.text and chosen > 0
    assert '<option value="co_sell_targets">co-sell targets</option>' in filtered.text
    assert '<option value="white_space" selected>white space</option>' in filtered.text


def test_a_partner_s_overlap_csv_holds_the_filtered_rows_at_either_address(site: Site) -> None:
    client, engine = site
    with engine.connect() as conn:
        expected = overlap(conn, BIG, OverlapFilter(OverlapCategory.CO_SELL_TARGETS, None, "emea")).rows
    params = {"category": "co_sell_targets", "region": "emea"}
    page = client.get(f"/mapping/GP-{BIG}", params=params).text
    link = re.search(r'class="export" href="([^"]+)"', page)
    assert link is not None
    answer = client.get(html.unescape(link.group(1)))
    rows = _csv(answer.text)
    assert sorted(int(r["their_account_id"]) for r in rows) == sorted(expected.get_column("their_account_id"))
    assert answer.text.splitlines()[0] == ",".join(expected.columns) and len(rows) > 0
    assert client.get(f"/mapping/GP-{BIG}/overlap.csv", params=params).text == answer.text


def test_the_shared_accounts_page_pages_searches_filters_and_exports(site: Site) -> None:
    client, engine = site
    with engine.connect() as conn:
        every, shared_by_three = shared_accounts(conn), shared_accounts(conn, SharedFilter(3))
        of_partner = shared_accounts(conn, SharedFilter(partner_id=1005)).height
    assert f"1–25 of {every.height} accounts of ours" in client.get("/mapping/accounts?size=25").text
    assert f"of {shared_by_three.height} accounts" in client.get("/mapping/accounts?min_partners=3").text
    searched = client.get("/mapping/accounts", params={"q": "Generated Partner 1005"}).text
    assert f"of {of_partner} accounts of ours" in searched and of_partner > 0
    fewest = client.get("/mapping/accounts", params={"sort": "partner_count"}).text
    first_row = fewest.split("<tbody>")[1].split("</tr>")[0]
    assert f"<td>{every.get_column('partner_count').min()}</td>" in first_row
    rows = _csv(client.get("/mapping/accounts", params={"min_partners": "3", "format": "csv"}).text)
    expected = {r["our_account_id"]: "; ".join(r["customer_of"]) for r in shared_by_three.to_dicts()}
    assert {r["our_account_id"]: r["customer_of"] for r in rows} == {str(k): v for k, v in expected.items()}
    legacy = client.get("/mapping/accounts.csv", params={"min_partners": "3"}).text
    assert legacy.splitlines()[0].startswith("our_account_id,our_name,our_status") and _csv(legacy) == rows


@pytest.mark.parametrize("path", ["/mapping?sort=shoe_size", "/mapping?sharing=secret", "/mapping?page=0",
                                  f"/mapping/GP-{BIG}?category=friends", f"/mapping/GP-{BIG}?sort=domain",
                                  f"/mapping/GP-{BIG}/overlap.csv?category=friends",
                                  "/mapping/accounts?our_status=vip", "/mapping/accounts?min_partners=0",
                                  "/mapping/accounts?min_partners=two", "/mapping/accounts?sort=customer_of"])
def test_a_sort_or_filter_the_list_does_not_offer_is_the_400_page(site: Site, path: str) -> None:
    client, _ = site
    answer = client.get(path)
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/html")
    assert "<h1" in answer.text


@pytest.mark.parametrize("path", ["/mapping/GP-9999", "/mapping/GP-9999?sort=-score", "/mapping/GP-9999?format=csv"])
def test_an_unknown_partner_is_the_404_page(site: Site, path: str) -> None:
    client, _ = site
    answer = client.get(path)
    assert answer.status_code == 404 and "There is no partner" in answer.text
