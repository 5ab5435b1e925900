"""The partner score on the partner's page for staff and in the portal for the partner's own users only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.conftest import build_app, sign_in
from web.web_world import ALPHA_USER, MANAGER


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app, engine, _ = build_app(tmp_path)
    with TestClient(app) as client:
        yield client
    engine.dispose()


def test_staff_read_a_partners_score_from_its_page(client: TestClient) -> None:
    sign_in(client, MANAGER)
    page = client.get("/partners/PA")
    assert 'href="/partners/PA/score"' in page.text
    score = client.get("/partners/PA/score")
    assert score.status_code == 200
    assert "Win rate, deal size and cycle time with and without Alpha Cloud" in score.text
    # Alpha touched deals 1 (won) and 2 (lost): 1 won, fewer than the 10 a score needs.
    assert "Not yet proven: 1 won deals with Alpha Cloud" in score.text
    assert "50.0%" in score.text


def test_a_partner_user_sees_its_own_score_in_the_portal_and_no_other(client: TestClient) -> None:
    sign_in(client, ALPHA_USER)
    mine = client.get("/portal/score")
    assert mine.status_code == 200 and "Alpha Cloud" in mine.text and "Bravo Systems" not in mine.text
    assert 'href="/portal/score"' in mine.text  # in the portal's navigation
    assert client.get("/partners/PB/score", follow_redirects=False).status_code in (403, 404)
