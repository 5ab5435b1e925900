"""The assistant's pages: a partner asks in the portal (htmx swaps in the answer with its sources); staff ask,
get recommendations and read the exchange log; a document's passages are linked by their anchors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from web.conftest import build_app, sign_in
from web.web_world import ALPHA_USER, MANAGER


@pytest.fixture(scope="module")
def app_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    app, engine, world = build_app(tmp_path_factory.mktemp("assistant-pages"))
    yield app, world
    engine.dispose()


def _client(app_parts: object, email: str) -> TestClient:
    app, _ = app_parts  # type: ignore[misc]
    client = TestClient(app)
    sign_in(client, email)
    return client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_partner_asks_in_the_portal_and_htmx_gets_the_answer_with_sources(app_parts: object) -> None:
    client = _client(app_parts, ALPHA_USER)
    token = _csrf(client.get("/portal/assistant").text)
    form = {"csrf_token": token, "question": "Why was my registration flagged?"}
    answer = client.post("/portal/assistant", data=form, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "<html" not in answer.text
    assert "open opportunity" in answer.text and 'href="/assistant/docs/' in answer.text
    document = client.get(re.search(r'href="(/assistant/docs/\d+)#', answer.text).group(1))  # type: ignore[union-attr]
    assert 'id="why-was-my-registration-flagged"' in document.text


def test_a_partner_may_not_open_the_staff_assistant(app_parts: object) -> None:
    client = _client(app_parts, ALPHA_USER)
    assert client.get("/assistant").status_code == 403
    assert client.get("/assistant/recommendations?opportunity=O8").status_code == 403


def test_staff_see_recommendations_and_the_exchange_log(app_parts: object) -> None:
    client = _client(app_parts, MANAGER)
    token = _csrf(client.get("/assistant").text)
    client.post("/assistant/ask", data={"csrf_token": token, "question": "What is the capital of France?"})
    page = client.get("/assistant").text
    recommended = client.get("/assistant/recommendations?opportunity=O8", headers={"HX-Request": "true"})
    assert "What is the capital of France?" in page and "Not answered." in page
    # The deal by its CRM id, linked to its page; never by PartnerOps' own number.
    assert recommended.status_code == 200 and "deal O8" in recommended.text, recommended.text
    assert 'href="/opportunities/O8"' in recommended.text and "#8" not in recommended.text
    assert client.get("/assistant/recommendations?opportunity=csv:O8").status_code == 200
    assert client.get("/assistant/recommendations?opportunity=O1").status_code == 409  # won already
    assert client.get("/assistant/recommendations?opportunity=O99999").status_code == 404
