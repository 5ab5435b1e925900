"""The same races through the served app over real HTTP: simultaneous requests get one success and clear 409s
(or, for sign-in, exactly as many password checks as the limit allows), never a 500."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import Engine, func, select

from api.api_world import PASSWORD, World, build_world
from concurrency.race import race
from partnerops.api.app import create_app
from partnerops.auth.users import add_user
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from partnerops.settings import Settings
from partnerops.store.auth_tables import login_attempts
from web.conftest import serving

MANAGER = Principal(0, "manager@example.com", Role.PARTNER_MANAGER)


@pytest.fixture
def served(engine: Engine) -> Iterator[tuple[World, str]]:
    """The two-partner world, and the app over it served on a loopback port."""
    world = build_world(engine)
    with serving(create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))) as base_url:
        yield world, base_url


def test_forty_simultaneous_wrong_passwords_check_exactly_five(engine: Engine, served: tuple[World, str]) -> None:
    _, base_url = served

    def guess(i: int) -> int:
        form = {"email": "partner_a@example.com", "password": f"wrong guess {i}"}
        return httpx.post(f"{base_url}/api/v1/auth/login", data=form, headers={"Origin": base_url},
                          timeout=60).status_code

    statuses = Counter(race(guess, 40))
    assert statuses == {401: 5, 429: 35}
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(login_attempts)).scalar_one() == 5


def test_six_simultaneous_claims_over_http_one_201_five_409(engine: Engine, served: tuple[World, str]) -> None:
    world, base_url = served
    now = datetime.now(UTC)
    with engine.begin() as c:
        allocate_funds(c, MANAGER, world.partner_a, f"{now.year}", Money(Decimal("5000"), "USD"), now)
    with httpx.Client(base_url=base_url, headers=world.headers("partner_a"), timeout=60) as partner, \
            httpx.Client(base_url=base_url, headers=world.headers("manager"), timeout=60) as manager:
        request = partner.post("/api/v1/mdf/requests", json={
            "period": f"{now.year}", "title": "Joint webinar", "plan": "Webinar for 200 prospects", "budget": "1000",
            "currency": "USD", "starts_on": now.date().isoformat(), "ends_on": now.date().isoformat()})
        assert request.status_code == 201, request.text
        request_id = request.json()["id"]
        assert manager.post(f"/api/v1/mdf/requests/{request_id}/approve").status_code == 200

        def claim(i: int) -> httpx.Response:
            body = {"amount": "600", "proof_reference": f"s3://proof/{i}", "proof_description": "booth photos"}
            return partner.post(f"/api/v1/mdf/requests/{request_id}/claims", json=body)

        answers = race(claim, 6)
    assert Counter(a.status_code for a in answers) == {201: 1, 409: 5}
    refused = next(a for a in answers if a.status_code == 409).json()["error"]
    assert refused["code"] == "invalid_transition" and "400.00 USD left" in refused["message"]


def test_colleagues_behind_one_address_signing_in_at_once_are_not_refused(
    engine: Engine, served: tuple[World, str]
) -> None:
    _, base_url = served
    with engine.begin() as c:
        for i in range(12):
            add_user(c, f"colleague{i}@example.com", Role.SALES, password=PASSWORD)

    def sign_in(i: int) -> int:
        form = {"email": f"colleague{i}@example.com", "password": PASSWORD}
        return httpx.post(f"{base_url}/api/v1/auth/login", data=form, headers={"Origin": base_url},
                          timeout=60).status_code

    assert Counter(race(sign_in, 12)) == {200: 12}
