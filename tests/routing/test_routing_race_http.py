"""Partners accepting one lead at the same instant over real HTTP: exactly one 200, every other answer a 409 that
says the lead is taken, never a 500, on both databases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine, insert

from api.api_world import World, build_world
from concurrency.race import race
from partnerops.api.app import create_app
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import make_offer
from partnerops.routing.offers import list_offers
from partnerops.routing.rules import load_rules
from partnerops.settings import Settings
from partnerops.store.tables import accounts
from routing.routing_kit import MANAGER
from web.conftest import serving


@pytest.fixture
def served(engine: Engine) -> Iterator[tuple[World, str]]:
    world = build_world(engine)
    with engine.begin() as c:
        c.execute(insert(accounts).values(source_system="csv", external_id="ACC-RACE", name="Race Co"))
        for partner in (world.partner_a, world.partner_b):
            make_offer(c, MANAGER, resolve_lead(c, "ACC-RACE"), partner, load_rules())
    with serving(create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))) as base_url:
        yield world, base_url


def test_simultaneous_accepts_over_http_give_one_200_and_409s(engine: Engine, served: tuple[World, str]) -> None:
    world, base_url = served
    who = ["partner_a", "partner_b"] * 3

    def accept(i: int) -> tuple[int, str]:
        answer = httpx.post(f"{base_url}/api/v1/routing/leads/ACC-RACE/accept", json={},
                            headers=world.headers(who[i]), timeout=60)  # fmt: skip
        return answer.status_code, answer.text

    results = race(accept, len(who))
    assert Counter(status for status, _ in results) == {200: 1, 409: 5}, results
    assert all("already accepted by" in text for status, text in results if status == 409)
    with engine.connect() as c:
        statuses = sorted(o.status for o in list_offers(c) if o.lead_ref == "ACC-RACE")
    assert statuses == ["accepted", "withdrawn"]
