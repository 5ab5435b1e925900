"""No API answer names a partner, account or opportunity by an internal row number: every GET route is walked (by
the isolation probes' own requests, as staff and as a partner's user) and every field that refers to one of them
(partner_id, account_id, our_account_id, opportunity_ids, ...) must hold an external id, never an integer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World
from api.isolation_probes import PROBES
from api.test_isolation import ROUTES
from registrations.registration_kit import advance_sequences

# A field that refers to a partner, account or opportunity by id.
REFERENCE = re.compile(r"(^|_)(partner|account|opportunity)_ids?$")
# Routes that still answer a row number, each with the field; the test fails when one is fixed so the entry goes.
KNOWN: set[tuple[str, str]] = set()
WHO = ("admin", "manager", "finance", "partner_a")


def _numbers(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(field, value) of every reference field holding an int (or a list with one), however deep."""
    if isinstance(value, dict):
        for key, inner in value.items():
            named = isinstance(key, str) and REFERENCE.search(key)
            listed = inner if isinstance(inner, list) else [inner]
            if named and any(isinstance(i, int) and not isinstance(i, bool) for i in listed):
                yield key, inner
            yield from _numbers(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _numbers(inner, path)


def _approved_registration(client: TestClient, world: World, engine: Engine) -> None:
    """A registration with conflicts and an attached deal, so its references are filled in."""
    with engine.begin() as connection:
        advance_sequences(connection, "accounts", "opportunities", "touches")
    body = {"company_name": "Shared Co.", "estimated_amount": "25000.00", "currency": "USD",
            "estimated_close_on": "2026-12-31", "partner_id": world.partner_a_ref}  # fmt: skip
    made = client.post("/api/v1/registrations", json=body, headers=world.headers("manager"))
    assert made.status_code == 201, made.text
    approved = client.post(f"/api/v1/registrations/{made.json()['id']}/approve", headers=world.headers("manager"))
    assert approved.status_code == 200, approved.text


def test_no_answer_names_a_record_by_its_row_number(client: TestClient, world: World, engine: Engine) -> None:
    _approved_registration(client, world, engine)
    found: dict[tuple[str, str], Any] = {}
    answered: set[str] = set()
    for method, path in ROUTES:
        if method != "GET" or (method, path) not in PROBES:
            continue
        for ask in PROBES[(method, path)](world):
            for who in WHO:
                response = client.get(ask.url, headers=world.headers(who))
                if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
                    continue
                answered.add(path)
                for field, value in _numbers(response.json()):
                    found.setdefault((path, field), (ask.url, who, value))
    assert set(found) == KNOWN, {key: found.get(key) for key in set(found) ^ KNOWN}
    assert len(answered) >= 25, sorted(answered)


def test_an_unknown_partner_in_a_path_is_a_404_error_body(client: TestClient, world: World) -> None:
    for url in ("/api/v1/partners/PRT-NOPE/tier-gap", "/api/v1/commissions/statements/PRT-NOPE?period=2026",
                "/api/v1/mapping/partners/PRT-NOPE/overlap", "/api/v1/opportunities/OPP-NOPE/attribution",
                "/api/v1/touches?partner_id=PRT-NOPE", "/api/v1/mdf/balance?partner_id=PRT-NOPE"):  # fmt: skip
        answer = client.get(url, headers=world.headers("admin"))
        assert answer.status_code == 404, (url, answer.text)
        assert "NOPE" in answer.json()["error"]["message"], url


def test_a_partner_is_named_by_its_id_its_system_and_id_or_its_name(client: TestClient, world: World) -> None:
    for ref in ("PA", "csv:PA", "Alpha%20Partners", "alpha%20partners"):
        answer = client.get(f"/api/v1/touches?partner_id={ref}", headers=world.headers("manager"))
        assert answer.status_code == 200, answer.text
        assert {item["partner_id"] for item in answer.json()["items"]} == {"PA"}, ref


def test_a_partner_user_naming_another_partner_learns_nothing(client: TestClient, world: World) -> None:
    theirs = client.get("/api/v1/partners/PARTNER-BRAVO/checklist", headers=world.headers("partner_a"))
    nobody = client.get("/api/v1/partners/PRT-NOPE/checklist", headers=world.headers("partner_a"))
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json() == nobody.json()
