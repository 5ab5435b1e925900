"""A token limited to the private-overlap exchange opens that exchange and nothing else."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.api_world import World
from partnerops.auth.tokens import TokenScope, create_token
from partnerops.store.tables import users


def _psi_token(engine: Engine, email: str) -> dict[str, str]:
    with engine.begin() as connection:
        user_id = connection.execute(select(users.c.id).where(users.c.email == email)).scalar_one()
        return {"Authorization": f"Bearer {create_token(connection, user_id, 'bravo server', TokenScope.PSI)}"}


def test_a_psi_token_is_refused_everywhere_but_the_exchange(client: TestClient, engine: Engine, world: World) -> None:
    headers = _psi_token(engine, "manager@example.com")
    for url in ("/api/v1/partners", "/api/v1/accounts", "/api/v1/opportunities", "/api/v1/auth/me"):
        answer = client.get(url, headers=headers)
        assert answer.status_code == 403, url
        assert answer.json()["error"]["code"] == "token_scope"
    # The exchange lets it through authorisation: the empty body is then refused as a malformed message.
    exchange = client.post("/api/v1/psi/sessions", json={}, headers=headers)
    assert exchange.status_code == 422


def test_a_psi_token_of_a_partner_user_still_opens_nothing(client: TestClient, engine: Engine, world: World) -> None:
    headers = _psi_token(engine, "partner_a@example.com")
    assert client.post("/api/v1/psi/sessions", json={}, headers=headers).status_code == 403


def test_a_full_token_still_opens_the_exchange_and_the_rest(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/partners", headers=world.headers("manager")).status_code == 200
    assert client.post("/api/v1/psi/sessions", json={}, headers=world.headers("manager")).status_code == 422
