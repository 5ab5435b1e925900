"""Writing accounts, deals and touches through the API on SQLite and PostgreSQL: references by external id or
name, amounts as imports read them, a deal from a CRM changed only in the CRM, and two racing edits of one record
leaving exactly one applied (the other a 409)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.api_world import World
from concurrency.race import losers, race, winners
from partnerops.records.edits import Edit, current, edit_record
from partnerops.records.errors import StaleRecord
from partnerops.records.versions import version_of
from partnerops.store.tables import opportunities, partners, touches

DEAL = {"id": "OPP-900", "account_id": "Apple Corp", "name": "Apple expansion", "amount": "$48,000",
        "currency": "USD", "stage": "Negotiation", "outcome": "open", "created_on": "2026-02-01"}


def test_an_account_and_a_deal_on_it_are_created_with_references_by_id_or_name(
    client: TestClient, world: World, engine: Engine
) -> None:
    account = client.post("/api/v1/accounts", json={"id": "AC-9", "name": "Kiwi Labs", "domain": "kiwi.example"},
                          headers=world.headers("sales"))
    assert account.status_code == 201, account.text
    deal = client.post("/api/v1/opportunities", json=DEAL | {"account_id": "AC-9"}, headers=world.headers("sales"))
    assert deal.status_code == 201, deal.text
    assert deal.json()["amount"] == "48000.00" and deal.json()["account_id"] == account.json()["external_id"]
    by_name = client.post("/api/v1/opportunities", json=DEAL | {"id": "OPP-901"}, headers=world.headers("sales"))
    assert by_name.status_code == 201, by_name.text
    with engine.connect() as conn:
        stored = conn.execute(select(opportunities.c.amount_minor).where(opportunities.c.external_id == "OPP-900"))
        assert stored.scalar_one() == 4_800_000


def test_a_deal_on_an_unknown_account_is_a_422_naming_it(client: TestClient, world: World) -> None:
    answer = client.post("/api/v1/opportunities", json=DEAL | {"account_id": "NOPE-1", "amount": "lots"},
                         headers=world.headers("admin"))
    assert answer.status_code == 422
    problems = {p["field"]: p for p in answer.json()["error"]["problems"]}
    assert problems["account_id"]["value"] == "NOPE-1" and problems["amount"]["value"] == "lots"


def test_a_deal_from_the_crm_is_changed_in_the_crm_one_from_the_api_here(client: TestClient, world: World) -> None:
    crm = client.patch("/api/v1/opportunities/OA-1", json={"stage": "Closed Lost"}, headers=world.headers("admin"))
    assert crm.status_code == 422 and crm.json()["error"]["code"] == "owned_by_source"
    client.post("/api/v1/opportunities", json=DEAL, headers=world.headers("admin"))
    ours = client.patch("/api/v1/opportunities/OPP-900", json={"stage": "Closed Won", "outcome": "won",
                        "closed_on": "2026-03-01"}, headers=world.headers("admin"))  # fmt: skip
    assert ours.status_code == 200, ours.text
    assert (ours.json()["outcome"], ours.json()["closed_on"]) == ("won", "2026-03-01")


def test_a_touch_batch_lands_by_external_ids_and_quarantines_a_touch_on_an_unknown_deal(
    client: TestClient, world: World, engine: Engine
) -> None:
    records = [{"id": "T-API-1", "partner_id": "PA", "opportunity_id": "OA-1", "type": "poc",
                "touched_on": "2026-02-20"},
               {"id": "T-API-2", "partner_id": "Alpha Partners", "opportunity_id": "OPP-NOPE", "type": "poc",
                "touched_on": "2026-02-21"}]  # fmt: skip
    answer = client.post("/api/v1/touches/batch", json={"records": records}, headers=world.headers("manager"))
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "quarantined"]
    assert answer.json()["results"][1]["problems"][0]["field"] == "opportunity_id"
    with engine.connect() as conn:
        stored = conn.execute(select(touches.c.partner_id, touches.c.status).where(touches.c.external_id == "T-API-1"))
        assert tuple(stored.one()) == (world.partner_a, "confirmed")


def test_two_racing_edits_of_one_partner_apply_once_and_the_other_is_stale(engine: Engine, world: World) -> None:
    with engine.connect() as conn:
        read = version_of(current(conn, partners, world.partner_a))

    def edit(i: int) -> dict[str, object]:
        return edit_record(engine, Edit("partners", world.partner_a, "Alpha Partners (PA)", {"tier": f"tier-{i}"},
                                        f"user-{i}", "PATCH /api/v1/partners/PA", read))  # fmt: skip

    results = race(edit, 4)
    assert len(winners(results)) == 1
    assert len(losers(results)) == 3 and all(isinstance(e, StaleRecord) for e in losers(results))
    with engine.connect() as conn:
        assert current(conn, partners, world.partner_a)["tier"] == winners(results)[0]["tier"]
