"""Registration extensions through the pages: the partner asks on its registration's page, a partner manager
grants it from the queue (in place with htmx), and neither works without the form's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from partnerops.store.registration_tables import registrations
from web.conftest import build_app, sign_in
from web.web_world import ALPHA_USER, MANAGER, World

Clients = tuple[TestClient, TestClient, Engine, World]


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[Clients]:
    app, engine, world = build_app(tmp_path)
    with TestClient(app) as partner, TestClient(app) as manager:
        sign_in(partner, ALPHA_USER)
        sign_in(manager, MANAGER)
        yield partner, manager, engine, world
    engine.dispose()


def csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def expiry(engine: Engine, registration_id: int) -> tuple[object, object]:
    r = registrations.c
    with engine.connect() as conn:
        row = conn.execute(select(r.expires_on, r.extension_requested_at).where(r.id == registration_id)).one()
    return row.expires_on, row.extension_requested_at


def request_extension(partner: TestClient, registration_id: int) -> str:
    page = f"/portal/registrations/{registration_id}"
    answer = partner.post(f"{page}/extension", data={"csrf_token": csrf(partner, page)})
    assert answer.status_code == 200 and answer.url.path == page, answer.status_code
    return answer.text


def test_the_partner_requests_an_extension_and_the_manager_grants_it_in_place(clients: Clients) -> None:
    partner, manager, engine, world = clients
    expires_on, _ = expiry(engine, world.alpha_registration)
    page = f"/portal/registrations/{world.alpha_registration}"
    assert "Request an extension" in partner.get(page).text
    shown = request_extension(partner, world.alpha_registration)
    assert "Extension requested" in shown and "Request an extension" not in shown
    assert "Grant extension" in manager.get("/registrations").text

    row = manager.post(f"/registrations/{world.alpha_registration}/extend", headers={
        "HX-Request": "true", "X-CSRF-Token": csrf(manager, "/registrations")})  # fmt: skip
    extended, still_requested = expiry(engine, world.alpha_registration)
    assert row.status_code == 200 and row.text.lstrip().startswith(f'<tr id="registration-{world.alpha_registration}"')
    assert f"Extended to {extended}" in row.text and "Grant extension" not in row.text
    assert (extended - expires_on).days == 30 and still_requested is None  # type: ignore[operator]
    assert str(extended) in partner.get(page).text


def test_an_extension_cannot_be_requested_twice(clients: Clients) -> None:
    partner, _, engine, world = clients
    request_extension(partner, world.alpha_registration)
    before = expiry(engine, world.alpha_registration)
    page = f"/portal/registrations/{world.alpha_registration}"
    again = partner.post(f"{page}/extension", data={"csrf_token": csrf(partner, page)})
    assert again.status_code == 400 and "already requested" in again.text
    assert expiry(engine, world.alpha_registration) == before


def test_granting_without_a_request_is_refused(clients: Clients) -> None:
    _, manager, engine, world = clients
    before = expiry(engine, world.alpha_registration)
    answer = manager.post(f"/registrations/{world.alpha_registration}/extend",
                          data={"csrf_token": csrf(manager, "/registrations")})  # fmt: skip
    assert answer.status_code == 400 and "has not requested one" in answer.text
    assert expiry(engine, world.alpha_registration) == before


def test_both_actions_need_the_forms_csrf_token(clients: Clients) -> None:
    partner, manager, engine, world = clients
    before = expiry(engine, world.alpha_registration)
    asked = partner.post(f"/portal/registrations/{world.alpha_registration}/extension", data={"csrf_token": "x"})
    granted = manager.post(f"/registrations/{world.alpha_registration}/extend", data={})
    assert (asked.status_code, granted.status_code) == (403, 403)
    assert expiry(engine, world.alpha_registration) == before
