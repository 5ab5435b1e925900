"""A registration submitted twice is recorded once, on SQLite and PostgreSQL: a retried API request with the same
Idempotency-Key answers the first registration; the same key with another body is a 409; a partner's second live
registration of a company it already holds is refused, naming the first. Retries race over a served app too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api.api_world import World, build_world
from concurrency.race import race
from partnerops.api.app import create_app
from partnerops.registrations.errors import DuplicateRegistration
from partnerops.registrations.service import reject_registration, submit_registration
from partnerops.settings import Settings
from partnerops.store.idempotency_tables import registration_keys
from partnerops.store.registration_tables import registrations
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, NOW, advance_sequences, form, seed_world
from web.conftest import serving

CLAIM = {"company_name": "Northwind Traders", "estimated_amount": "48000.00", "currency": "USD",
         "estimated_close_on": "2026-12-31", "contact_email": "pat@northwind.example"}  # fmt: skip
SETTINGS = Settings(database_url="sqlite://", secure_cookies=False)


@pytest.fixture
def world(engine: Engine) -> World:
    found = build_world(engine)
    with engine.begin() as connection:
        advance_sequences(connection, "accounts", "opportunities", "touches", "registrations")
    return found


@pytest.fixture
def api(engine: Engine, world: World) -> Iterator[TestClient]:
    with TestClient(create_app(engine, SETTINGS)) as client:
        yield client


def submit(api: TestClient, world: World, who: str, key: str | None, body: dict[str, Any] = CLAIM) -> Any:
    headers = world.headers(who) | ({"Idempotency-Key": key} if key else {})
    return api.post("/api/v1/registrations", json=body, headers=headers)


def northwind_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).where(registrations.c.company_name == "Northwind Traders")
        return int(conn.execute(query).scalar_one())


def test_a_retry_with_the_same_key_answers_the_first_registration_and_creates_nothing(
        api: TestClient, world: World, engine: Engine) -> None:  # fmt: skip
    first = submit(api, world, "partner_a", "retry-7f3a")
    again = submit(api, world, "partner_a", "retry-7f3a")
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert again.json() == first.json()
    assert northwind_rows(engine) == 1


def test_the_same_key_with_another_body_is_a_409_and_creates_nothing(api: TestClient, world: World,
                                                                    engine: Engine) -> None:
    first = submit(api, world, "partner_a", "key-1")
    other = submit(api, world, "partner_a", "key-1", CLAIM | {"estimated_amount": "49000.00"})
    assert other.status_code == 409, other.text
    error = other.json()["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert str(first.json()["id"]) in error["message"]
    assert northwind_rows(engine) == 1


def test_keys_belong_to_their_user(api: TestClient, world: World, engine: Engine) -> None:
    """Two partners' users picking the same key each register: the second is flagged with the first's claim."""
    first = submit(api, world, "partner_a", "shared-key")
    second = submit(api, world, "partner_b", "shared-key")
    assert (first.status_code, second.status_code) == (201, 201)
    assert [c["rule"] for c in second.json()["conflicts"]] == ["live_registration"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(registration_keys)).scalar_one() == 2


def test_a_key_that_is_not_printable_text_is_a_422_naming_the_header(api: TestClient, world: World) -> None:
    answer = submit(api, world, "partner_a", "x" * 256)
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "Idempotency-Key", answer.text


def test_a_second_live_registration_of_the_same_company_is_a_409_naming_the_first(
        api: TestClient, world: World, engine: Engine) -> None:  # fmt: skip
    first = submit(api, world, "partner_a", None).json()
    again = submit(api, world, "partner_a", None, CLAIM | {"company_name": "Northwind Traders Ltd."})
    assert again.status_code == 409, again.text
    error = again.json()["error"]
    assert error["code"] == "duplicate_registration" and f"registration {first['id']}" in error["message"]
    assert northwind_rows(engine) == 1


def test_a_company_registered_again_after_a_rejection_is_a_new_registration(seeded: Engine) -> None:
    first = submit_registration(seeded, ACME_USER, form("Hooli"), now=NOW)
    with pytest.raises(DuplicateRegistration) as refused:
        submit_registration(seeded, ACME_USER, form("Hooli Inc", "hooli.com"), now=NOW)
    assert refused.value.registration_id == first.id
    reject_registration(seeded, MANAGER, first.id, "not qualified yet", now=NOW)
    assert submit_registration(seeded, ACME_USER, form("Hooli"), now=NOW).id != first.id


def test_another_partners_registration_of_the_company_is_not_a_duplicate(seeded: Engine) -> None:
    submit_registration(seeded, ACME_USER, form("Hooli"), now=NOW)
    assert submit_registration(seeded, BOLT_USER, form("Hooli"), now=NOW).flagged


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


def test_ten_simultaneous_retries_over_http_create_one_registration(engine: Engine, world: World) -> None:
    with serving(create_app(engine, SETTINGS)) as base_url, \
            httpx.Client(base_url=base_url, headers=world.headers("partner_a"), timeout=60) as client:
        answers = race(lambda _: client.post("/api/v1/registrations", json=CLAIM,
                                             headers={"Idempotency-Key": "double-click"}), 10)
    assert Counter(a.status_code for a in answers) == {201: 1, 200: 9}
    assert len({a.json()["id"] for a in answers}) == 1
    assert northwind_rows(engine) == 1
