"""Import conflicts over the API: admins and partner managers list them and decide which value stays; anyone
else is refused, and a conflict is resolved once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.api_world import World
from partnerops.store.audit import history
from partnerops.store.tables import touches


def test_an_admin_lists_the_open_conflicts_with_the_three_values(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/import-conflicts", headers=world.headers("admin")).json()
    (conflict,) = body["items"]
    assert (conflict["entity"], conflict["external_id"], conflict["field"]) == ("touches", "TOUCH-BRAVO-1", "status")
    assert (conflict["base"], conflict["ours"], conflict["theirs"], conflict["status"]) == (
        "confirmed", "rejected", "claimed", "open",
    )  # fmt: skip


def test_keeping_theirs_applies_the_files_value_and_audits_it(client: TestClient, world: World, engine: Engine) -> None:
    conflict_id = world.extras["conflict_b"]
    answer = client.post(f"/api/v1/import-conflicts/{conflict_id}/resolve", json={"keep": "theirs", "reason": "CRM"},
                         headers=world.headers("manager"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["kept"]) == ("resolved", "theirs")
    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == world.touch_b)).scalar_one()
        (entry,) = history(conn, "touches", world.touch_b)
    assert status == "claimed"
    assert (entry["old_value"], entry["new_value"], entry["actor"], entry["reason"]) == (
        "confirmed", "claimed", "manager@example.com", "CRM",
    )  # fmt: skip
    listed = client.get("/api/v1/import-conflicts?status=resolved", headers=world.headers("admin")).json()
    assert [item["id"] for item in listed["items"]] == [conflict_id]


def test_resolving_twice_is_a_conflict_and_changes_nothing(client: TestClient, world: World) -> None:
    url = f"/api/v1/import-conflicts/{world.extras['conflict_b']}/resolve"
    assert client.post(url, json={"keep": "ours"}, headers=world.headers("admin")).status_code == 200
    again = client.post(url, json={"keep": "theirs"}, headers=world.headers("admin"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict_closed"


def test_sales_finance_and_partner_users_are_refused(client: TestClient, world: World) -> None:
    for who in ("sales", "finance", "partner_a", "partner_b"):
        assert client.get("/api/v1/import-conflicts", headers=world.headers(who)).status_code == 403


def test_an_unknown_conflict_is_not_found_and_a_bad_choice_is_invalid(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/import-conflicts/999", headers=world.headers("admin")).status_code == 404
    url = f"/api/v1/import-conflicts/{world.extras['conflict_b']}/resolve"
    answer = client.post(url, json={"keep": "mine"}, headers=world.headers("admin"))
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "keep"
