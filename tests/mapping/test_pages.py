"""Mapping pages: the internal overview and review, and the portal page honouring the sharing level."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from partnerops.mapping.sharing import SharingLevel, set_sharing_level
from partnerops.store.mapping_tables import account_matches
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, BRAVO, BRAVO_USER, MANAGER, World

BRAVO_REF = "PB"  # partner B's external id: the mapping pages' URLs name it, never its row number
Site = tuple[TestClient, Engine, World]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    app, engine, world = build_app(tmp_path)
    with TestClient(app) as client:
        yield client, engine, world


def test_internal_overview_and_partner_page_list_the_overlap(site: Site) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    overview = client.get("/mapping")
    assert overview.status_code == 200 and f'href="/mapping/{BRAVO_REF}"' in overview.text
    page = client.get(f"/mapping/{BRAVO_REF}?category=white_space")
    assert "Bravo Listed Prospectco" in page.text and "Nothing awaits review" not in page.text


def test_manager_confirms_a_match_from_the_review_table(site: Site) -> None:
    client, engine, world = site
    sign_in(client, MANAGER)
    page = client.get(f"/mapping/{BRAVO_REF}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    match_id = world.extras["match_id"]
    answer = client.post(f"/mapping/matches/{match_id}/confirm", data={"csrf_token": token.group(1)},
                         follow_redirects=False)
    assert answer.status_code == 303
    with engine.connect() as conn:
        status = conn.execute(select(account_matches.c.status).where(account_matches.c.id == match_id)).scalar()
    assert status == "confirmed"


@pytest.mark.parametrize(("level", "shows_counts", "shows_account"), [
    (SharingLevel.HIDDEN, False, False), (SharingLevel.COUNTS, True, False), (SharingLevel.FULL, True, True)])
def test_portal_page_shows_what_the_level_allows(site: Site, level: SharingLevel, shows_counts: bool,
                                                 shows_account: bool) -> None:
    client, engine, _ = site
    set_sharing_level(engine, BRAVO, level, "test")
    set_sharing_level(engine, ALPHA, SharingLevel.FULL, "test")
    sign_in(client, BRAVO_USER)
    page = client.get("/portal/mapping")
    assert page.status_code == 200
    assert ("white space" in page.text) == shows_counts
    assert ("Bravo Listed Prospectco" in page.text) == shows_account
    assert "has not shared" in page.text or shows_counts


def test_the_partner_page_s_selection_downloads_as_csv(site: Site) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    page = client.get(f"/mapping/{BRAVO_REF}?category=white_space")
    link = re.search(r'class="export" href="([^"]+)"', page.text)
    assert link is not None and "category=white_space" in link.group(1)
    answer = client.get(html.unescape(link.group(1)))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    header, *lines = answer.text.splitlines()
    assert header.startswith("category,their_account_id,their_name") and lines
    assert all(line.startswith("white_space,") for line in lines) and "Bravo Listed Prospectco" in answer.text
    assert 'filename="overlap-PB.csv"' in answer.headers["content-disposition"]
    earlier = client.get(f"/mapping/{BRAVO_REF}/overlap.csv?category=white_space&segment=&region=")
    assert earlier.text == answer.text and 'filename="overlap-PB.csv"' in earlier.headers["content-disposition"]
    assert client.get("/mapping/NOPE/overlap.csv").status_code == 404


@pytest.mark.parametrize("ref", ["PB", "csv:PB", "csv%3APB", "Bravo%20Systems", "bravo systems"])
def test_the_partner_page_answers_to_the_external_id_system_id_or_name(site: Site, ref: str) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    page = client.get(f"/mapping/{ref}")
    assert page.status_code == 200 and "Account mapping: Bravo Systems" in page.text
    assert client.get(f"/mapping/{ref}/overlap.csv").status_code == 200
    assert client.get(f"/mapping/{ref}/matches").status_code == 200


@pytest.mark.parametrize("path", ["/mapping/NOPE", "/mapping/NOPE/overlap.csv", "/mapping/NOPE/matches",
                                  "/mapping/other:PB", f"/mapping/{BRAVO}", "/mapping/99999/matches"])
def test_an_unknown_partner_answers_the_404_page(site: Site, path: str) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    answer = client.get(path)
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "There is no partner" in answer.text and "<h1" in answer.text


def test_an_unknown_partner_s_bulk_review_answers_404(site: Site) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/mapping/{BRAVO_REF}").text)
    assert token is not None
    answer = client.post("/mapping/NOPE/matches/bulk", data={"csrf_token": token.group(1), "decision": "confirm",
                                                               "match": "1"})
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")


def test_links_on_the_mapping_pages_name_the_partner_by_its_external_id(site: Site) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    pages = "".join(client.get(path).text for path in ("/mapping", f"/mapping/{BRAVO_REF}",
                                                       f"/mapping/{BRAVO_REF}/matches?status=*"))
    links = set(re.findall(r'(?:href|action)="(/mapping/[^"?]*)', pages))
    partner_links = {link for link in links if not link.startswith(("/mapping/accounts", "/mapping/matches/"))}
    assert {"/mapping/PB", "/mapping/PB/matches", "/mapping/PB/matches/bulk"} <= links
    assert all(link.split("/")[2] in ("PA", "PB") for link in partner_links), partner_links


def test_a_decision_on_the_partner_page_returns_to_it_by_external_id(site: Site) -> None:
    client, _, world = site
    sign_in(client, MANAGER)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/mapping/{BRAVO_REF}").text)
    assert token is not None
    answer = client.post(f"/mapping/matches/{world.extras['match_id']}/reject", data={"csrf_token": token.group(1)},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/mapping/{BRAVO_REF}"


@pytest.mark.parametrize(("level", "status"), [(SharingLevel.COUNTS, 403), (SharingLevel.OVERLAPS, 200)])
def test_the_portal_download_honours_the_sharing_level(site: Site, level: SharingLevel, status: int) -> None:
    client, engine, _ = site
    set_sharing_level(engine, BRAVO, level, "test")
    sign_in(client, BRAVO_USER)
    answer = client.get("/portal/mapping.csv")
    assert answer.status_code == status
    if status == 200:
        assert answer.text.splitlines()[0] == "category,their_account_id,their_name,their_domain,their_status"
        assert "white_space" not in answer.text  # overlaps only: never the white space


def test_accounts_page_names_the_partners_that_share_each_account_for_internal_users_only(site: Site) -> None:
    client, _, _ = site
    sign_in(client, MANAGER)
    page = client.get("/mapping/accounts?min_partners=1")
    assert page.status_code == 200 and "Bravo Systems" in page.text
    download = client.get("/mapping/accounts.csv")
    assert download.text.splitlines()[0].startswith("our_account_id,our_name,our_status")
    assert "Bravo Systems" in download.text
    assert client.get("/mapping/accounts?min_partners=0").status_code == 400
    client.post("/logout")
    sign_in(client, BRAVO_USER)
    assert client.get("/mapping/accounts").status_code == 403
