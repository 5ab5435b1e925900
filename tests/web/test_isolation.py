"""A partner user never reaches another partner's data through any page: every route of every page area is
asked, as partner A's user, for partner B's objects, and answers 403/404 or a page with none of B's data."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from pypdf import PdfReader
from sqlalchemy import Engine, select

from partnerops.store.registration_tables import registrations
from partnerops.store.tables import touches
from partnerops.web.routes import AREAS
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO, BRAVO_SECRETS, World, areas, bravo_secrets

# Routes that name no object and show no partner's data: signing in and out.
NO_OBJECT = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout")}


def page_routes() -> list[tuple[str, str]]:
    found = [
        (method, route.path)
        for area in AREAS
        for route in area.router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods)
    ]
    return [r for r in found if r not in NO_OBJECT]


@pytest.fixture(scope="module")
def alpha_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Engine, World]]:
    app, engine, world = build_app(tmp_path_factory.mktemp("isolation"))
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        yield client, engine, world
    engine.dispose()


def b_path(path: str, world: World) -> str:
    """The route's path with partner B's objects in every parameter."""
    values = {"partner_id": BRAVO, "registration_id": world.bravo_registration,
              "touch_id": world.bravo_claimed_touch, "decision": "confirm"} | world.extras  # fmt: skip
    values |= {"partner_ref": "PB", "opportunity_ref": "O4"}  # partner B and its deal, by their external ids
    values |= {"quarantine_id": 1, "action": "discard"}  # a quarantine entry: internal pages only
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def test_every_page_route_is_probed(alpha_client: tuple[TestClient, Engine, World]) -> None:
    named = {"partner_id", "registration_id", "touch_id", "decision", "partner_ref", "opportunity_ref",
             "quarantine_id", "action"}
    named |= set(alpha_client[2].extras)
    assert len(page_routes()) >= 16
    assert all(set(re.findall(r"\{(\w+)\}", path)) <= named for _, path in page_routes())


@pytest.mark.parametrize(("method", "path"), page_routes())
def test_partner_user_gets_no_other_partners_data(
    alpha_client: tuple[TestClient, Engine, World], method: str, path: str
) -> None:
    client, engine, world = alpha_client
    before = _bravo_state(engine, world)
    token = _csrf(client)
    form = {"csrf_token": token, "partner_id": str(BRAVO), "reason": "probe", "company_name": "Probe Co",
            "estimated_amount": "1000", "currency": "USD", "estimated_close_on": "2030-01-01"}  # fmt: skip
    for area in areas():
        form |= area.FORM
    answer = (
        client.request(method, b_path(path, world), data=form, follow_redirects=True)
        if method == "POST"
        else client.get(b_path(path, world), follow_redirects=True)
    )
    assert answer.status_code in (200, 400, 403, 404), answer.status_code
    assert not [secret for secret in bravo_secrets() if secret in _readable(answer)]
    assert _bravo_state(engine, world) == before


def _readable(answer: Response) -> str:
    """The answer as a person reads it: a PDF's text, else the body."""
    if answer.headers.get("content-type", "").startswith("application/pdf"):
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    return answer.text


def test_a_registration_posted_with_another_partners_id_lands_on_ones_own(
    alpha_client: tuple[TestClient, Engine, World],
) -> None:
    client, engine, _ = alpha_client
    client.post("/portal/registrations", data={"csrf_token": _csrf(client), "partner_id": str(BRAVO),
                "company_name": "Smuggled Co", "estimated_amount": "1000", "currency": "USD",
                "estimated_close_on": "2030-01-01"})  # fmt: skip
    with engine.connect() as conn:
        owner = conn.execute(select(registrations.c.partner_id).where(registrations.c.company_name == "Smuggled Co"))
        assert owner.scalar_one() == ALPHA


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/portal/registrations/new").text)
    assert found is not None
    return found.group(1)


def _bravo_state(engine: Engine, world: World) -> tuple[object, ...]:
    r = registrations.c
    with engine.connect() as conn:
        registration = conn.execute(
            select(r.status, r.expires_on, r.extension_requested_at).where(r.id == world.bravo_registration)
        ).one()
        touch = conn.execute(select(touches.c.status).where(touches.c.id == world.bravo_claimed_touch)).scalar_one()
    return tuple(registration), touch, tuple(area.state(engine, world.extras) for area in areas())


def test_the_probes_would_see_partner_bs_data_if_it_leaked(tmp_path: Path) -> None:
    """The control: a partner manager's pages do show B's names, so their absence above means something."""
    app, engine, world = build_app(tmp_path)
    with TestClient(app) as client:
        sign_in(client, "manager@partnerops.test")
        shown = client.get("/partners/PB").text + client.get("/registrations").text + client.get("/touches").text
    engine.dispose()
    assert all(secret in shown for secret in BRAVO_SECRETS)
