"""The registration endpoints over HTTP: submit, list, decide, extend; a partner never sees another's (404)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World
from registrations.registration_kit import advance_sequences

CLAIM = {
    "company_name": "Shared Co.",
    "estimated_amount": "25000.00",
    "currency": "USD",
    "estimated_close_on": "2026-12-31",
    "contact_email": "cto@shared.example",
}


@pytest.fixture
def api(client: TestClient, world: World, engine: Engine) -> TestClient:
    with engine.begin() as connection:
        advance_sequences(connection, "accounts", "opportunities", "touches")
    return client


def submit(client: TestClient, world: World, who: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/registrations", json=CLAIM | extra, headers=world.headers(who))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_partner_submits_and_the_open_deal_is_flagged(api: TestClient, world: World) -> None:
    body = submit(api, world, "partner_a")
    assert (body["partner_id"], body["status"], body["estimated_amount"]) == ("PA", "pending", "25000.00")
    assert [(c["rule"], c["opportunity_ids"]) for c in body["conflicts"]] == [("open_opportunity", [])]
    managed = api.get(f"/api/v1/registrations/{body['id']}", headers=world.headers("manager")).json()
    assert [(c["rule"], c["opportunity_ids"]) for c in managed["conflicts"]] == [("open_opportunity", ["OS-1"])]


def test_a_partner_never_sees_another_partners_registration(api: TestClient, world: World) -> None:
    theirs = submit(api, world, "partner_b")
    mine = submit(api, world, "partner_a")
    for path in ("", "/extension"):
        method = api.get if not path else api.post
        response = method(f"/api/v1/registrations/{theirs['id']}{path}", headers=world.headers("partner_a"))
        assert response.status_code == 404 and "Bravo" not in response.text
    listed = api.get("/api/v1/registrations", headers=world.headers("partner_a")).json()
    assert [r["id"] for r in listed["items"]] == [mine["id"]] and listed["total"] == 1
    assert [c["registration_ids"] for c in mine["conflicts"] if c["rule"] == "live_registration"] == [[]]
    assert "Bravo" not in str(mine["conflicts"])
    managed = api.get(f"/api/v1/registrations/{mine['id']}", headers=world.headers("manager")).json()
    assert [c["registration_ids"] for c in managed["conflicts"] if c["rule"] == "live_registration"] == [[theirs["id"]]]


def test_partner_users_cannot_decide_and_internal_users_must_name_the_partner(api: TestClient, world: World) -> None:
    mine = submit(api, world, "partner_a")
    response = api.post(f"/api/v1/registrations/{mine['id']}/approve", headers=world.headers("partner_a"))
    assert response.status_code == 403
    missing = api.post("/api/v1/registrations", json=CLAIM, headers=world.headers("sales"))
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "partner_id"
    assert submit(api, world, "sales", partner_id="PARTNER-BRAVO")["partner_id"] == "PARTNER-BRAVO"


def test_a_manager_approves_links_the_deal_and_lists_by_status(api: TestClient, world: World) -> None:
    mine = submit(api, world, "partner_a")
    approved = api.post(f"/api/v1/registrations/{mine['id']}/approve", headers=world.headers("manager")).json()
    assert (approved["status"], approved["opportunity_id"]) == ("approved", "OS-1")
    again = api.post(f"/api/v1/registrations/{mine['id']}/approve", headers=world.headers("manager"))
    assert again.status_code == 409
    listed = api.get(
        "/api/v1/registrations", params={"status": "approved", "overdue": "false"}, headers=world.headers("manager")
    ).json()
    assert [r["id"] for r in listed["items"]] == [mine["id"]]


def test_rejecting_needs_a_reason(api: TestClient, world: World) -> None:
    mine = submit(api, world, "partner_a")
    url = f"/api/v1/registrations/{mine['id']}/reject"
    assert api.post(url, json={"reason": " "}, headers=world.headers("manager")).json()["error"]["field"] == "reason"
    done = api.post(url, json={"reason": "already ours"}, headers=world.headers("manager")).json()
    assert (done["status"], done["decision_reason"]) == ("rejected", "already ours")


def test_extension_is_asked_by_the_partner_and_granted_by_a_manager(api: TestClient, world: World) -> None:
    mine = submit(api, world, "partner_a")
    url = f"/api/v1/registrations/{mine['id']}/extension"
    assert api.post(url, headers=world.headers("partner_a")).status_code == 200
    assert api.post(f"{url}/grant", headers=world.headers("partner_a")).status_code == 403
    granted = api.post(f"{url}/grant", headers=world.headers("manager")).json()
    assert granted["expires_on"] > mine["expires_on"] and granted["extension_requested_at"] is None


def test_an_unknown_currency_names_the_field(api: TestClient, world: World) -> None:
    response = api.post("/api/v1/registrations", json=CLAIM | {"currency": "XYZ"}, headers=world.headers("partner_a"))
    assert response.status_code == 422 and response.json()["error"]["field"] == "currency"
