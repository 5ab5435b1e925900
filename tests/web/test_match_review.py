"""Match review as a list page: every match of a partner's listed accounts, pending ones by default, paged with the
total, searched, sorted and exported; the selected matches, or all the filter fits once their count is confirmed,
confirmed or rejected at once, and a second decision on them answers 409 instead of deciding again."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from partnerops.store.mapping_tables import account_matches, partner_accounts
from web.conftest import build_app, sign_in
from web.web_world import BRAVO, MANAGER, World

EXTRA = 70
BRAVO_REF = "PB"  # partner B's external id: the mapping pages' URLs name it
Site = tuple[TestClient, Engine, World]


def seed_matches(engine: Engine, count: int = EXTRA) -> None:
    """`count` fuzzy matches of partner B's listed accounts awaiting review, scores 0.70 up to 0.70 + count/1000."""
    with engine.begin() as conn:
        for i in range(count):
            listed = conn.execute(insert(partner_accounts).values(
                source_system=f"partner-{BRAVO}", external_id=f"RV-{i:03d}", partner_id=BRAVO,
                name=f"Review Listed {i:03d}", domain=f"review{i:03d}.example", status="prospect",
            ).returning(partner_accounts.c.id)).scalar_one()  # fmt: skip
            conn.execute(insert(account_matches).values(partner_id=BRAVO, partner_account_id=listed, account_id=1,
                                                        tier="fuzzy", score=0.7 + i / 1000, status="pending"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    app, engine, world = build_app(tmp_path)
    seed_matches(engine)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield client, engine, world
    engine.dispose()


def _pending(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(account_matches).where(
            account_matches.c.partner_id == BRAVO, account_matches.c.status == "pending")).scalar_one())  # fmt: skip


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/mapping/{BRAVO_REF}/matches").text)
    assert found is not None
    return found.group(1)


def test_the_partner_page_links_its_matches_awaiting_review(site: Site) -> None:
    client, engine, _ = site
    page = client.get(f"/mapping/{BRAVO_REF}")
    assert f"{_pending(engine)} matches (similar names" in page.text
    assert f'href="/mapping/{BRAVO_REF}/matches"' in page.text


def test_the_review_list_pages_searches_and_sorts(site: Site) -> None:
    client, engine, _ = site
    total = _pending(engine)
    first = client.get(f"/mapping/{BRAVO_REF}/matches")
    assert f"1–50 of {total} matches" in first.text
    assert first.text.index("Review Listed 069") < first.text.index("Review Listed 068")  # likeliest first
    assert f"51–{total} of {total} matches" in client.get(f"/mapping/{BRAVO_REF}/matches?page=2").text
    found = client.get(f"/mapping/{BRAVO_REF}/matches", params={"q": "REVIEW042"})
    assert "1–1 of 1 matches" in found.text and "Review Listed 042" in found.text
    by_name = client.get(f"/mapping/{BRAVO_REF}/matches", params={"sort": "their_name"})
    assert by_name.text.index("Review Listed 000") < by_name.text.index("Review Listed 001")
    assert client.get(f"/mapping/{BRAVO_REF}/matches", params={"tier": "psychic"}).status_code == 400
    assert client.get("/mapping/NOPE/matches").status_code == 404


def test_the_csv_holds_every_match_the_filter_selects(site: Site) -> None:
    client, _, _ = site
    answer = client.get(f"/mapping/{BRAVO_REF}/matches", params={"q": "review listed 0", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == EXTRA and {r["Status"] for r in rows} == {"pending"} and rows[0]["Our account id"]


def test_confirming_the_selected_and_then_again_answers_409(site: Site) -> None:
    client, engine, _ = site
    with engine.connect() as conn:
        ids = conn.execute(select(account_matches.c.id).where(account_matches.c.partner_id == BRAVO,
                           account_matches.c.status == "pending").limit(3)).scalars().all()  # fmt: skip
    form = {"csrf_token": _csrf(client), "decision": "confirm", "match": [str(i) for i in ids]}
    done = client.post(f"/mapping/{BRAVO_REF}/matches/bulk", data=form)
    assert "3 matches confirmed." in done.text and str(done.url).startswith(f"http://testserver/mapping/{BRAVO_REF}/matches?")
    again = client.post(f"/mapping/{BRAVO_REF}/matches/bulk", data=form)
    assert again.status_code == 409 and "Reload the list" in again.text


def test_rejecting_all_that_fit_needs_the_confirmed_count(site: Site) -> None:
    client, engine, _ = site
    form = {"csrf_token": _csrf(client), "decision": "reject", "scope": "all", "q": "Review Listed 01"}
    stale = client.post(f"/mapping/{BRAVO_REF}/matches/bulk", data=form | {"confirm_count": "11"})
    assert stale.status_code == 409 and "10 matches fit the filter now, not 11" in stale.text
    before = _pending(engine)
    done = client.post(f"/mapping/{BRAVO_REF}/matches/bulk", data=form | {"confirm_count": "10"})
    assert "10 matches rejected." in done.text and _pending(engine) == before - 10
