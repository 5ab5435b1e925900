"""Claiming a touch, and sales confirming or rejecting it, with every change in the audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World
from partnerops.store.audit import history


def _claim(client: TestClient, world: World, who: str, partner: str, opportunity: str) -> dict[str, object]:
    body = {"partner_id": partner, "opportunity_id": opportunity, "type": "poc", "touched_on": "2026-03-01"}
    response = client.post("/api/v1/touches", json=body, headers=world.headers(who))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_claim_creates_a_claimed_touch_and_audits_it(client: TestClient, world: World, engine: Engine) -> None:
    touch = _claim(client, world, "manager", world.partner_b_ref, world.opportunity_a_ref)
    assert touch["status"] == "claimed" and touch["actor"] == "manager@example.com"
    with engine.connect() as connection:
        (entry,) = history(connection, "touch", int(touch["id"]))  # type: ignore[call-overload]
    assert (entry["actor"], entry["field"], entry["old_value"], entry["new_value"]) == (
        "manager@example.com", "status", None, "claimed",
    )  # fmt: skip


def test_sales_confirm_then_reject_writes_who_and_from_to(client: TestClient, world: World, engine: Engine) -> None:
    touch_id = _claim(client, world, "partner_a", world.partner_a_ref, world.opportunity_a_ref)["id"]
    confirmed = client.post(f"/api/v1/touches/{touch_id}/confirm", headers=world.headers("sales"))
    rejected = client.post(
        f"/api/v1/touches/{touch_id}/reject", json={"reason": "no evidence"}, headers=world.headers("sales")
    )
    assert (confirmed.json()["status"], rejected.json()["status"]) == ("confirmed", "rejected")
    with engine.connect() as connection:
        entries = history(connection, "touch", int(touch_id))  # type: ignore[call-overload]
    assert [(e["actor"], e["old_value"], e["new_value"]) for e in entries] == [
        ("partner_a@example.com", None, "claimed"),
        ("sales@example.com", "claimed", "confirmed"),
        ("sales@example.com", "confirmed", "rejected"),
    ]
    assert entries[-1]["reason"] == "no evidence"


def test_confirming_a_confirmed_touch_is_a_conflict(client: TestClient, world: World) -> None:
    response = client.post(f"/api/v1/touches/{world.touch_a}/confirm", headers=world.headers("admin"))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "same_status"


def test_a_partners_user_may_not_review_touches_but_a_partner_manager_may(client: TestClient, world: World) -> None:
    response = client.post(f"/api/v1/touches/{world.touch_a}/reject", headers=world.headers("partner_a"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    reviewed = client.post(f"/api/v1/touches/{world.touch_a}/reject", headers=world.headers("manager"))
    assert reviewed.status_code == 200, reviewed.text


def test_claim_on_an_unknown_opportunity_names_the_field(client: TestClient, world: World) -> None:
    body = {"partner_id": world.partner_a_ref, "opportunity_id": "OPP-NOPE", "type": "poc", "touched_on": "2026-03-01"}
    response = client.post("/api/v1/touches", json=body, headers=world.headers("admin"))
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "opportunity_id"
