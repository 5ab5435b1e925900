"""Every write of the API refuses what it cannot hold, naming the field, on SQLite and PostgreSQL: unknown fields,
amounts that are not finite, of the wrong sign, too precise for their currency or too large for a 64-bit column,
days outside 1990..2100, names that are blank or hold control characters, and addresses that are not addresses.
Never a 500, and nothing is stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from api.api_world import World
from partnerops.api.app import create_app
from partnerops.commissions.adjustments import adjust
from partnerops.commissions.disputes import open_dispute
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.settings import Settings
from partnerops.store.program_tables import mdf_requests
from partnerops.store.registration_tables import registrations
from registrations.registration_kit import advance_sequences

CLAIM = {"company_name": "Northwind Traders", "estimated_amount": "48000.00", "currency": "USD",
         "estimated_close_on": "2026-12-31"}  # fmt: skip
MDF = {"period": "2026", "title": "Spring webinar", "plan": "Two webinars", "budget": "1000.00", "currency": "USD",
       "starts_on": "2026-03-01", "ends_on": "2026-04-30"}  # fmt: skip
# Amounts no write may accept, as JSON text (so a literal 1e400 reaches the server as the client wrote it).
BAD_AMOUNTS = {
    '"NaN"': "not finite", '"Infinity"': "not finite", '"-Infinity"': "not finite", "1e400": "not finite",
    '"-5"': "negative", '"0"': "zero", '"12.345"': "three decimals in USD", '"1e30"': "beyond a BIGINT",
    '"92233720368547758.08"': "one cent beyond a BIGINT", '"forty"': "not a number",
}  # fmt: skip


@pytest.fixture
def api(client: TestClient, world: World, engine: Engine) -> TestClient:
    with engine.begin() as connection:
        advance_sequences(connection, "accounts", "opportunities", "touches")
    return client


def post_json(api: TestClient, world: World, who: str, path: str, body: dict[str, Any], **raw: str) -> Any:
    """POST `body` with the `raw` fields spliced in as JSON text (numbers JSON has but Python would round)."""
    text = json.dumps(body)[:-1] + "".join(f', "{name}": {value}' for name, value in raw.items()) + "}"
    headers = world.headers(who) | {"Content-Type": "application/json"}
    return api.post(f"/api/v1{path}", content=text.encode(), headers=headers)


def refused(answer: Any, field: str) -> str:
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field, error
    return str(error["message"])


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _json_bodies() -> list[tuple[str, str, dict[str, Any]]]:
    spec = create_app(settings=Settings(database_url="sqlite://", secure_cookies=False)).openapi()
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found.append((method.upper(), path, content["application/json"]["schema"]))
    return found


def _schema(spec: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    choices = [s for s in spec.get("anyOf", [spec]) if s.get("type") != "null"]
    ref = choices[0].get("$ref", "")
    return schemas[ref.rsplit("/", 1)[-1]] if ref else choices[0]


def test_every_json_body_of_the_api_refuses_unknown_fields() -> None:
    spec = create_app(settings=Settings(database_url="sqlite://", secure_cookies=False)).openapi()
    schemas = spec["components"]["schemas"]
    open_bodies = [f"{method} {path}" for method, path, body in _json_bodies()
                   if _schema(body, schemas).get("additionalProperties") is not False]  # fmt: skip
    assert open_bodies == []


def test_a_misspelt_field_is_a_422_naming_it_and_nothing_is_registered(api: TestClient, world: World,
                                                                        engine: Engine) -> None:
    body = CLAIM | {"estimated_amont": "5"}
    answer = api.post("/api/v1/registrations", json=body, headers=world.headers("partner_a"))
    refused(answer, "estimated_amont")
    assert count(engine, registrations) == 1  # the world's own registration only


@pytest.mark.parametrize("amount", list(BAD_AMOUNTS), ids=list(BAD_AMOUNTS.values()))
def test_a_registration_amount_that_cannot_be_money_is_refused(api: TestClient, world: World, engine: Engine,
                                                              amount: str) -> None:
    body = {k: v for k, v in CLAIM.items() if k != "estimated_amount"}
    refused(post_json(api, world, "partner_a", "/registrations", body, estimated_amount=amount), "estimated_amount")
    assert count(engine, registrations) == 1


@pytest.mark.parametrize("amount", list(BAD_AMOUNTS), ids=list(BAD_AMOUNTS.values()))
def test_an_mdf_budget_that_cannot_be_money_is_refused(api: TestClient, world: World, engine: Engine,
                                                       amount: str) -> None:
    body = {k: v for k, v in MDF.items() if k != "budget"}
    before = count(engine, mdf_requests)
    refused(post_json(api, world, "partner_a", "/mdf/requests", body, budget=amount), "budget")
    assert count(engine, mdf_requests) == before


@pytest.mark.parametrize("amount", ['"NaN"', "1e400", '"0"', '"0.001"', '"1e30"'])
def test_a_dispute_adjustment_that_cannot_be_money_is_refused(api: TestClient, world: World, engine: Engine,
                                                              amount: str) -> None:
    line = adjust(engine, world.partner_a, Money.from_minor(10_000, "USD"), "launch bonus", "finance", date.today())
    owner = Principal(user_id=0, email="a@alpha.example", role=Role.PARTNER_USER, partner_id=world.partner_a)
    dispute = open_dispute(engine, owner, line, "short by 100", "invoice 7")
    path = f"/commissions/disputes/{dispute.id}/resolve"
    answer = post_json(api, world, "finance", path, {"accept": True, "resolution": "granted"}, amount=amount)
    refused(answer, "amount")


def test_a_negative_dispute_adjustment_is_accepted_because_it_takes_money_back(api: TestClient, world: World,
                                                                              engine: Engine) -> None:
    line = adjust(engine, world.partner_a, Money.from_minor(10_000, "USD"), "launch bonus", "finance", date.today())
    owner = Principal(user_id=0, email="a@alpha.example", role=Role.PARTNER_USER, partner_id=world.partner_a)
    dispute = open_dispute(engine, owner, line, "paid twice", "statement 3")
    body = {"accept": True, "resolution": "paid twice indeed", "amount": "-100.00"}
    answer = api.post(f"/api/v1/commissions/disputes/{dispute.id}/resolve", json=body, headers=world.headers("finance"))
    assert (answer.status_code, answer.json()["status"]) == (200, "accepted")


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/registrations", CLAIM | {"estimated_close_on": "1989-12-31"}, "estimated_close_on"),
    ("/registrations", CLAIM | {"estimated_close_on": "2101-01-01"}, "estimated_close_on"),
    ("/mdf/requests", MDF | {"starts_on": "0001-01-01"}, "starts_on"),
    ("/mdf/requests", MDF | {"ends_on": "9999-12-31"}, "ends_on"),
    ("/touches", {"partner_id": "PA", "opportunity_id": "OA-1", "type": "poc", "touched_on": "1900-01-01"},
     "touched_on"),
])  # fmt: skip
def test_a_day_outside_1990_to_2100_is_refused(api: TestClient, world: World, path: str, body: dict[str, Any],
                                              field: str) -> None:
    assert "1990..2100" in refused(post_json(api, world, "partner_a", path, body), field)


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\u3164", "\u2800 \u00a0", "Acme\x00Corp", "Acme\nCorp",
                                  "Acme\u202eproC"])  # fmt: skip
def test_a_company_name_that_is_blank_or_holds_control_characters_is_refused(api: TestClient, world: World,
                                                                            engine: Engine, name: str) -> None:
    refused(post_json(api, world, "partner_a", "/registrations", CLAIM | {"company_name": name}), "company_name")
    assert count(engine, registrations) == 1


@pytest.mark.parametrize(("field", "value"), [
    ("title", "\u200b"), ("title", "Webinar\x07"), ("plan", "\x00"), ("plan", " \t "),
])  # fmt: skip
def test_an_mdf_title_or_plan_that_prints_nothing_or_holds_controls_is_refused(api: TestClient, world: World,
                                                                              field: str, value: str) -> None:
    refused(post_json(api, world, "partner_a", "/mdf/requests", MDF | {field: value}), field)


@pytest.mark.parametrize(("field", "value"), [
    ("contact_email", "nobody"), ("contact_email", "pat@northwind"), ("contact_email", "pat@@northwind.com"),
    ("contact_email", "pat@northwind.com\r\nBcc: all@example.com"), ("domain", "northwind"),
    ("domain", "north wind.com"), ("domain", "northwind.local"), ("domain", "north_wind.com"),
])  # fmt: skip
def test_an_address_that_is_not_an_email_or_a_domain_is_refused(api: TestClient, world: World, engine: Engine,
                                                                field: str, value: str) -> None:
    refused(post_json(api, world, "partner_a", "/registrations", CLAIM | {field: value}), field)
    assert count(engine, registrations) == 1


def test_good_values_in_every_shape_are_accepted(api: TestClient, world: World) -> None:
    body = CLAIM | {"company_name": "  Société Générale Ltd ", "estimated_amount": "1E+4", "contact_name": "Zoë",
                    "contact_email": "zoë@société.example", "domain": "https://www.Northwind.example/about",
                    "notes": "Two lines\n\tand a tab", "estimated_close_on": "2100-12-31"}  # fmt: skip
    answer = api.post("/api/v1/registrations", json=body, headers=world.headers("partner_a"))
    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert (stored["company_name"], stored["estimated_amount"]) == ("Société Générale Ltd", "10000.00")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(amount=st.one_of(st.decimals(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=30),
                        st.floats().map(repr)))
def test_no_amount_text_makes_the_api_fail(api: TestClient, world: World, amount: str) -> None:
    body = CLAIM | {"estimated_amount": amount, "company_name": f"Amount probe {amount!r}"[:200]}
    answer = api.post("/api/v1/registrations", json=body, headers=world.headers("partner_a"))
    assert answer.status_code in (201, 409, 422), answer.text
    if answer.status_code == 422:
        assert answer.json()["error"]["field"] in ("estimated_amount", "company_name")
    if answer.status_code == 409:  # the same amount drawn twice: the same company again
        assert answer.json()["error"]["code"] == "duplicate_registration"
