"""Administering users over the API: admins only; disabling makes the user's cookie and token fail on the very
next request; invitations and resets queue mail; a change the user's state no longer allows is a 409."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.api_world import PASSWORD, World
from partnerops.mail.queue import list_messages
from partnerops.store.tables import audit_log

USERS = "/api/v1/users"


def _id(client: TestClient, world: World, email: str) -> int:
    items = client.get(USERS, headers=world.headers("admin")).json()["items"]
    return next(item["id"] for item in items if item["email"] == email)


def test_only_admins_administer_users(client: TestClient, world: World) -> None:
    listed = client.get(USERS, headers=world.headers("admin"))
    assert listed.status_code == 200 and {"admin@example.com", "partner_b@example.com"} <= {
        item["email"] for item in listed.json()["items"]}
    for who in ("manager", "sales", "finance", "partner_a"):
        assert client.get(USERS, headers=world.headers(who)).status_code == 403
        target = _id(client, world, "sales@example.com")
        assert client.post(f"{USERS}/{target}/disable", headers=world.headers(who)).status_code == 403


def test_a_disabled_users_cookie_and_token_are_refused_on_the_next_request(client: TestClient, world: World) -> None:
    signed_in = client.post("/api/v1/auth/login", data={"email": "partner_a@example.com", "password": PASSWORD},
                            headers={"Origin": "http://testserver"})  # fmt: skip
    assert signed_in.status_code == 200 and client.get("/api/v1/auth/me").status_code == 200
    user_id = _id(client, world, "partner_a@example.com")
    disabled = client.post(f"{USERS}/{user_id}/disable", headers=world.headers("admin"))
    assert disabled.status_code == 200 and disabled.json()["status"] == "disabled"
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers=world.headers("partner_a")).status_code == 401
    again = client.post(f"{USERS}/{user_id}/disable", headers=world.headers("admin"))
    assert again.status_code == 409 and "is disabled" in again.json()["error"]["message"]
    assert client.post(f"{USERS}/{user_id}/enable", headers=world.headers("admin")).json()["status"] == "active"
    relogin = client.post("/api/v1/auth/login", data={"email": "partner_a@example.com", "password": PASSWORD},
                          headers={"Origin": "http://testserver"})  # fmt: skip
    assert relogin.status_code == 200


def test_an_invitation_queues_a_mail_and_refuses_duplicates_and_bad_input(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    body = {"email": "Nia@Alpha.example", "role": "partner_user", "partner_id": world.partner_a_ref}
    invited = client.post(f"{USERS}/invitations", json=body, headers=admin)
    assert invited.status_code == 201, invited.text
    assert (invited.json()["email"], invited.json()["has_password"]) == ("nia@alpha.example", False)
    (mail,) = list_messages(client.app.state.engine)  # type: ignore[attr-defined]
    assert mail.to_address == "nia@alpha.example" and "/password/set?token=" in mail.body
    assert client.post(f"{USERS}/invitations", json=body, headers=admin).status_code == 409
    for bad in ({"email": "not an email", "role": "sales"}, {"email": "x@y.example", "role": "partner_user"},
                {"email": "x@y.example", "role": "sales", "extra": 1}):  # fmt: skip
        assert client.post(f"{USERS}/invitations", json=bad, headers=admin).status_code == 422, bad


def test_role_change_reset_and_delete_are_audited_by_the_admin(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    user_id = _id(client, world, "sales@example.com")
    moved = client.put(f"{USERS}/{user_id}/role", json={"role": "finance"}, headers=admin)
    assert moved.status_code == 200 and moved.json()["role"] == "finance"
    assert client.post(f"{USERS}/{user_id}/reset-password", headers=admin).status_code == 200
    assert client.delete(f"{USERS}/{user_id}", headers=admin).status_code == 204
    assert client.delete(f"{USERS}/{user_id}", headers=admin).status_code == 409
    assert client.get("/api/v1/auth/me", headers=world.headers("sales")).status_code == 401
    assert user_id not in {item["id"] for item in client.get(USERS, headers=admin).json()["items"]}
    assert client.post(f"{USERS}/999999/disable", headers=admin).status_code == 404
    with client.app.state.engine.connect() as c:  # type: ignore[attr-defined]
        trail = c.execute(select(audit_log.c.actor, audit_log.c.field, audit_log.c.reason).where(
            audit_log.c.entity == "user", audit_log.c.entity_id == user_id)).all()  # fmt: skip
    assert {("admin@example.com", "role", "role changed"), ("admin@example.com", "status", "user deleted"),
            ("admin@example.com", "password_link", "reset link sent")} <= set(trail)  # fmt: skip


def test_a_role_for_a_partner_that_does_not_exist_is_a_422_naming_the_field(client: TestClient, world: World) -> None:
    user_id = client.get("/api/v1/users", headers=world.headers("admin")).json()["items"][0]["id"]
    answer = client.put(f"/api/v1/users/{user_id}/role", json={"role": "partner_user", "partner_id": "PRT-NOPE"},
                        headers=world.headers("admin"))
    assert answer.status_code == 422
    assert answer.json()["error"] == {"code": "invalid", "field": "partner_id", "message": "there is no partner "
                                      "'PRT-NOPE': give its id or exact name as `partnerops partners` lists them"}
