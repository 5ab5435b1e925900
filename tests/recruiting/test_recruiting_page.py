"""The recruiting page: staff see the open candidates ranked with their reasons and those decided on; a partner's
user is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from partnerops.recruiting.lifecycle import move_candidate
from partnerops.recruiting.ranking import rank_candidates
from partnerops.recruiting.statuses import CandidateStatus
from recruiting.recruiting_kit import MANAGER as MANAGING
from recruiting.recruiting_kit import import_candidates
from web.conftest import build_app, sign_in
from web.web_world import ALPHA_USER, MANAGER


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    app, engine, _ = build_app(tmp_path)
    import_candidates(engine, tmp_path)
    with TestClient(app) as client:
        yield client, engine
    engine.dispose()


def test_staff_see_candidates_ranked_with_reasons(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    with engine.begin() as c:
        move_candidate(c, MANAGING, "C-GAMMA", CandidateStatus.DECLINED)
    sign_in(client, MANAGER)
    page = client.get("/recruiting")
    assert page.status_code == 200
    assert "2 open candidates, best first" in page.text
    with engine.connect() as c:
        order = [r.candidate.external_id for r in rank_candidates(c, "USD")]
    assert set(order) == {"C-ALPHA", "C-BETA"}
    assert sorted(order, key=lambda ref: page.text.index(f"candidate-{ref}")) == order
    assert "overlap: " in page.text and "fit: " in page.text and "similar partners: " in page.text
    assert "1 candidates decided on" in page.text and "Gamma Agency (C-GAMMA)" in page.text


def test_a_partner_user_is_refused_the_recruiting_page(served: tuple[TestClient, Engine]) -> None:
    client, _ = served
    sign_in(client, ALPHA_USER)
    page = client.get("/recruiting", follow_redirects=False)
    assert page.status_code in (403, 404)
    assert "Alpha Resellers" not in page.text
