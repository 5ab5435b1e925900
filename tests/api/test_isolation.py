"""A partner user never receives another partner's data, on any API route (walked from the app itself)."""

from __future__ import annotations

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.api_world import World, b_markers
from api.isolation_probes import KNOWN_LEAKS, PROBES
from partnerops.api.app import create_app
from partnerops.settings import Settings

DOCUMENTATION = {"/api/v1/openapi.json", "/api/v1/docs"}


def _api_routes() -> list[tuple[str, str]]:
    """Every (method, path) the app serves under /api/, however deeply its router was included."""
    app = create_app(settings=Settings(database_url="sqlite://"))
    return sorted(
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        if route.path and route.path.startswith("/api/") and route.path not in DOCUMENTATION
        for method in (getattr(route, "methods", None) or {"ANY"}) - {"HEAD"}
    )


ROUTES = _api_routes()


def _params() -> list[object]:
    return [
        pytest.param(m, p, id=f"{m} {p}", marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[(m, p)])]
                     if (m, p) in KNOWN_LEAKS else [])
        for m, p in ROUTES
    ]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), _params())
def test_partner_user_gets_nothing_of_another_partner(client: TestClient, world: World, method: str, path: str) -> None:
    probe = PROBES.get((method, path))
    assert probe is not None, f"{method} {path} has no isolation probe: add one in tests/api/isolation_probes.py"
    for ask in probe(world):
        response = client.request(
            ask.method, ask.url, json=ask.json, data=ask.form, headers=world.headers("partner_a") | ask.headers
        )
        assert response.status_code in ask.allowed, (ask.url, response.status_code, response.text)
        leaked = [marker for marker in b_markers() if marker in response.text]
        assert not leaked, (ask.url, leaked, response.text)


def test_every_probe_names_a_route_that_exists() -> None:
    assert set(PROBES) <= set(ROUTES)


def test_partner_user_sees_its_own_deals_including_shared_ones(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/opportunities", headers=world.headers("partner_a")).json()
    assert {item["external_id"] for item in body["items"]} == {world.opportunity_a_ref, world.opportunity_shared_ref}
    assert all("id" not in item for item in body["items"])  # internal numbers are never shown
    assert body["total"] == 2


def test_partner_user_sees_only_its_own_touches_on_a_shared_deal(client: TestClient, world: World) -> None:
    url = f"/api/v1/touches?opportunity_id={world.opportunity_shared_ref}"
    items = client.get(url, headers=world.headers("partner_a")).json()["items"]
    assert {item["partner_id"] for item in items} == {world.partner_a_ref}


def test_internal_user_sees_both_partners(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/partners", headers=world.headers("sales")).json()
    assert [item["name"] for item in body["items"]] == ["Alpha Partners", "Bravo Partners"]
