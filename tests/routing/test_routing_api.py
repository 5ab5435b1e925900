"""/api/v1/routing: staff rank partners for a lead and offer it; each partner's user sees only its own offers,
accepts or declines them, and the second partner to accept gets 409; a lead not offered to a partner is a 404 to
its user; partners apply for leads open to applications."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from api.api_world import World
from partnerops.store.tables import accounts, audit_log

LEAD = "/api/v1/routing/leads/ACC-ROUTED"


def _plant(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(accounts).values(source_system="salesforce", external_id="ACC-ROUTED", name="Routed Co",
                                          region="emea"))  # fmt: skip


def _offer(client: TestClient, world: World, partner: str) -> None:
    made = client.post(f"{LEAD}/offers", json={"partner_id": partner}, headers=world.headers("manager"))
    assert made.status_code == 201, made.text
    assert (made.json()["status"], made.json()["partner_id"], made.json()["lead"]) == ("offered", partner, "ACC-ROUTED")


def test_of_two_partners_accepting_one_lead_the_second_gets_409(client: TestClient, world: World,
                                                                engine: Engine) -> None:  # fmt: skip
    _plant(engine)
    _offer(client, world, world.partner_a_ref)
    _offer(client, world, world.partner_b_ref)
    mine = client.get("/api/v1/routing/offers", headers=world.headers("partner_a")).json()
    assert [(o["lead"], o["partner_id"], o["status"]) for o in mine] == [("ACC-ROUTED", "PA", "offered")]
    won = client.post(f"{LEAD}/accept", json={}, headers=world.headers("partner_a"))
    assert (won.status_code, won.json()["status"]) == (200, "accepted")
    lost = client.post(f"{LEAD}/accept", json={}, headers=world.headers("partner_b"))
    assert lost.status_code == 409, lost.text
    assert "already accepted by another partner" in lost.json()["error"]["message"]
    assert "Alpha" not in lost.text
    theirs = client.get("/api/v1/routing/offers", headers=world.headers("partner_b")).json()
    assert [(o["status"], o["reason"]) for o in theirs if o["lead"] == "ACC-ROUTED"] == [
        ("withdrawn", "another partner accepted the lead")]


def test_a_lead_not_offered_to_the_partner_is_a_404_and_staff_routes_are_refused(client: TestClient, world: World,
                                                                                 engine: Engine) -> None:  # fmt: skip
    _plant(engine)
    _offer(client, world, world.partner_a_ref)
    for action in ("accept", "decline"):
        hidden = client.post(f"{LEAD}/{action}", json={}, headers=world.headers("partner_b"))
        assert hidden.status_code == 404 and "ACC-ROUTED" not in hidden.text
    assert client.get(f"{LEAD}/candidates", headers=world.headers("partner_a")).status_code == 403
    ranked = client.get(f"{LEAD}/candidates", headers=world.headers("manager")).json()
    assert {r["partner_id"] for r in ranked} == {"PA", "PARTNER-BRAVO"}
    assert [p["name"] for p in ranked[0]["parts"]] == ["capability", "region", "tier", "capacity"]
    declined = client.post(f"{LEAD}/decline", json={"reason": "no capacity"}, headers=world.headers("partner_a"))
    assert (declined.json()["status"], declined.json()["reason"]) == ("declined", "no capacity")
    assert client.post(f"{LEAD}/offers", json={"partner_id": "PA"}, headers=world.headers("sales")).status_code == 403


def test_partners_apply_for_leads_open_to_applications(client: TestClient, world: World, engine: Engine) -> None:
    from partnerops.routing.applications import describe_lead
    from partnerops.routing.leads import resolve_lead
    from routing.routing_kit import MANAGER

    _plant(engine)
    assert client.post(f"{LEAD}/applications", json={}, headers=world.headers("partner_a")).status_code == 404
    with engine.begin() as c:
        describe_lead(c, MANAGER, resolve_lead(c, "ACC-ROUTED"), "migration", True)
    listed = client.get("/api/v1/routing/leads", headers=world.headers("partner_a")).json()
    assert ("ACC-ROUTED", ["migration"], False) in [(o["lead"], o["needs"], o["applied"]) for o in listed]
    applied = client.post(f"{LEAD}/applications", json={"note": "we know them"}, headers=world.headers("partner_a"))
    assert (applied.status_code, applied.json()["status"]) == (201, "applied")
    again = client.post(f"{LEAD}/applications", json={}, headers=world.headers("partner_a"))
    assert again.status_code == 409
    seen = client.get("/api/v1/routing/applications", headers=world.headers("manager")).json()
    assert [(a["partner_id"], a["note"]) for a in seen if a["lead"] == "ACC-ROUTED"] == [("PA", "we know them")]
    theirs = client.get("/api/v1/routing/applications", headers=world.headers("partner_b")).json()
    assert {a["partner_id"] for a in theirs} == {"PARTNER-BRAVO"}
    _offer(client, world, world.partner_a_ref)
    mine = client.get("/api/v1/routing/applications", headers=world.headers("partner_a")).json()
    assert [a["status"] for a in mine if a["lead"] == "ACC-ROUTED"] == ["offered"]
    client.post(f"{LEAD}/accept", json={}, headers=world.headers("partner_a"))
    with engine.connect() as c:
        audited = c.execute(select(audit_log.c.old_value, audit_log.c.new_value).where(
            audit_log.c.entity == "routing_applications").order_by(audit_log.c.id)).all()
    assert [tuple(a) for a in audited][-2:] == [(None, "applied"), ("applied", "offered")]


def test_a_manager_rejects_an_application_and_the_partner_reads_why(client: TestClient, world: World,
                                                                     engine: Engine) -> None:  # fmt: skip
    from partnerops.routing.applications import describe_lead
    from partnerops.routing.leads import resolve_lead
    from routing.routing_kit import MANAGER

    _plant(engine)
    with engine.begin() as c:
        describe_lead(c, MANAGER, resolve_lead(c, "ACC-ROUTED"), "migration", True)
    rejection = f"{LEAD}/applications/{world.partner_a_ref}/rejection"
    assert client.post(rejection, json={"reason": "no"}, headers=world.headers("manager")).status_code == 404
    client.post(f"{LEAD}/applications", json={"note": "we know them"}, headers=world.headers("partner_a"))
    assert client.post(rejection, json={"reason": ""}, headers=world.headers("manager")).status_code == 422
    assert client.post(rejection, json={"reason": "no"}, headers=world.headers("partner_a")).status_code == 403
    done = client.post(rejection, json={"reason": "no migration practice"}, headers=world.headers("manager"))
    assert (done.status_code, done.json()["status"], done.json()["reason"]) == (200, "rejected",
                                                                                "no migration practice")
    mine = client.get("/api/v1/routing/applications", headers=world.headers("partner_a")).json()
    assert [(a["status"], a["reason"]) for a in mine if a["lead"] == "ACC-ROUTED"] == [("rejected",
                                                                                         "no migration practice")]
    again = client.post(rejection, json={"reason": "twice"}, headers=world.headers("manager"))
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
    assert "already rejected" in again.text


def test_a_partner_manager_sets_a_routing_profile_and_staff_read_them(client: TestClient, world: World) -> None:
    body = {"capabilities": ["Implementation", "security"], "regions": ["EMEA"], "capacity": 3}
    put = client.put("/api/v1/routing/partners/PA/profile", json=body, headers=world.headers("manager"))
    assert put.status_code == 200, put.text
    assert (put.json()["capabilities"], put.json()["regions"], put.json()["capacity"]) == (
        ["implementation", "security"], ["emea"], 3)
    refused = client.put("/api/v1/routing/partners/PA/profile", json=body, headers=world.headers("sales"))
    assert refused.status_code == 403
    listed = {p["partner_id"]: p for p in client.get("/api/v1/routing/profiles", headers=world.headers("sales")).json()}
    assert listed["PA"]["capacity"] == 3 and listed["PARTNER-BRAVO"]["capacity"] == 10
    assert client.get("/api/v1/routing/profiles", headers=world.headers("partner_a")).status_code == 403
