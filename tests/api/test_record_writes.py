"""Writing partners through the API, on SQLite and PostgreSQL, under the import's rules: a bad record is a 422
naming field, value and reason; a batch lands the good and quarantines the bad under the API call; writes are
audited, idempotent with a key, by external id (unknown: a JSON 404), and a value set here survives re-imports."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.api_world import World
from partnerops.ingest.service import import_file
from partnerops.store.quarantine_repo import QuarantineFilter, entries
from partnerops.store.tables import audit_log, partners

ACME = {"id": "PRT-38099", "name": "Acme Integrations", "type": "reseller", "tier": "gold", "domain": "acme.example"}


def _audit(engine: Engine, field: str) -> list[tuple[object, ...]]:
    a = audit_log.c
    with engine.connect() as conn:
        query = select(a.actor, a.old_value, a.new_value, a.reason).where(a.entity == "partners", a.field == field)
        return [tuple(row) for row in conn.execute(query.order_by(a.id))]


def test_a_partner_created_through_the_api_is_stored_audited_and_read_by_its_external_id(
    client: TestClient, world: World, engine: Engine
) -> None:
    created = client.post("/api/v1/partners", json=ACME, headers=world.headers("manager"))
    assert created.status_code == 201, created.text
    assert created.json()["external_id"] == "PRT-38099" and created.json()["source_system"] == "partnerops"
    read = client.get("/api/v1/partners/PRT-38099", headers=world.headers("sales"))
    assert read.status_code == 200 and read.json()["tier"] == "gold"
    assert read.headers["ETag"] == created.headers["ETag"]
    assert _audit(engine, "record") == [("manager@example.com", None, "created", "POST /api/v1/partners")]
    again = client.post("/api/v1/partners", json=ACME, headers=world.headers("manager"))
    assert again.status_code == 200 and again.json() == created.json()


def test_an_invalid_partner_is_a_422_naming_each_field_value_and_reason_and_nothing_is_stored(
    client: TestClient, world: World, engine: Engine
) -> None:
    bad = ACME | {"type": "wholesaler", "domain": "not a domain"}
    answer = client.post("/api/v1/partners", json=bad, headers=world.headers("admin"))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["field"] == "type" and "unknown type 'wholesaler'" in error["message"]
    assert {(p["field"], p["value"]) for p in error["problems"]} == {("type", "wholesaler"),
                                                                      ("domain", "not a domain")}
    unknown = client.post("/api/v1/partners", json=ACME | {"colour": "red"}, headers=world.headers("admin"))
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "colour"
    with engine.connect() as conn:
        assert conn.execute(select(partners.c.id).where(partners.c.external_id == "PRT-38099")).first() is None


def test_a_batch_lands_the_good_partners_and_quarantines_the_bad_under_the_api_call(
    client: TestClient, world: World, engine: Engine
) -> None:
    records = [ACME, {"id": "PRT-2", "name": "No Type Ltd"}, {"id": "PRT-3", "name": "Cobalt", "type": "si"}]
    answer = client.post("/api/v1/partners/batch", json={"records": records}, headers=world.headers("admin"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["inserted"], body["quarantined"]) == (2, 1)
    assert [r["status"] for r in body["results"]] == ["stored", "quarantined", "stored"]
    assert body["results"][1]["problems"][0]["field"] == "type"
    with engine.connect() as conn:
        kept = entries(conn, QuarantineFilter(kind="partners"))
    assert [(e["file"], e["field"]) for e in kept] == [("POST /api/v1/partners/batch", "type")]


def test_an_unknown_external_id_answers_a_json_404(client: TestClient, world: World) -> None:
    for answer in (client.get("/api/v1/partners/PRT-404", headers=world.headers("admin")),
                   client.patch("/api/v1/partners/PRT-404", json={"tier": "gold"}, headers=world.headers("admin"))):
        assert answer.status_code == 404
        assert "there is no partner 'PRT-404'" in answer.json()["error"]["message"]


def test_a_partner_user_reads_only_its_own_partner_and_writes_none(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/partners/PA", headers=world.headers("partner_a")).status_code == 200
    hidden = client.get("/api/v1/partners/PARTNER-BRAVO", headers=world.headers("partner_a"))
    assert hidden.status_code == 404 and "Bravo" not in hidden.text
    assert client.post("/api/v1/partners", json=ACME, headers=world.headers("partner_a")).status_code == 403
    assert client.patch("/api/v1/partners/PA", json={"tier": "x"}, headers=world.headers("sales")).status_code == 403


def test_an_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    client: TestClient, world: World
) -> None:
    headers = world.headers("admin") | {"Idempotency-Key": "k-1"}
    first = client.post("/api/v1/partners", json=ACME, headers=headers)
    replayed = client.post("/api/v1/partners", json=ACME, headers=headers)
    assert (first.status_code, replayed.status_code) == (201, 201)
    assert replayed.json() == first.json() and replayed.headers["Idempotent-Replayed"] == "true"
    other = client.post("/api/v1/partners", json=ACME | {"tier": "silver"}, headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"


def test_a_tier_set_through_the_api_survives_a_reimport_of_the_crm_file(
    client: TestClient, world: World, engine: Engine, tmp_path: Path
) -> None:
    export = tmp_path / "partners.csv"
    export.write_text("id,name,type,tier\nP-7,Delta Systems,si,silver\n")
    import_file(engine, export, "partners")
    read = client.get("/api/v1/partners/csv:P-7", headers=world.headers("manager"))
    changed = client.patch("/api/v1/partners/P-7", json={"tier": "gold"},
                           headers=world.headers("manager") | {"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["tier"] == "gold" and changed.headers["ETag"] != read.headers["ETag"]
    assert _audit(engine, "tier") == [("manager@example.com", "silver", "gold", "PATCH /api/v1/partners/P-7")]
    export.write_text("id,name,type,tier\nP-7,Delta Systems Group,si,silver\n")
    import_file(engine, export, "partners")
    after = client.get("/api/v1/partners/P-7", headers=world.headers("manager")).json()
    assert (after["name"], after["tier"]) == ("Delta Systems Group", "gold")


def test_a_field_the_crm_owns_is_changed_in_the_crm(client: TestClient, world: World) -> None:
    answer = client.patch("/api/v1/partners/PA", json={"name": "Alpha Renamed"}, headers=world.headers("admin"))
    assert answer.status_code == 422
    assert answer.json()["error"] == {"code": "owned_by_source", "field": "name", "message": (
        "name belongs to csv, where this record comes from: change it there (a re-import would overwrite it here)")}


def test_an_edit_from_a_stale_version_is_a_409_and_changes_nothing(client: TestClient, world: World) -> None:
    read = client.get("/api/v1/partners/PA", headers=world.headers("admin"))
    first = client.patch("/api/v1/partners/PA", json={"tier": "gold"},
                         headers=world.headers("admin") | {"If-Match": read.headers["ETag"]})
    second = client.patch("/api/v1/partners/PA", json={"tier": "bronze"},
                          headers=world.headers("manager") | {"If-Match": read.headers["ETag"]})
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["error"]["code"] == "stale_version"
    assert client.get("/api/v1/partners/PA", headers=world.headers("admin")).json()["tier"] == "gold"
