"""The mapping API honours sharing levels: a partner's user sees its own overlap only as far as its level allows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api import area_mapping
from api.api_world import World, build_world
from partnerops.api.app import create_app
from partnerops.mapping.sharing import SharingLevel, set_sharing_level
from partnerops.settings import Settings


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def client(engine: Engine, world: World) -> Iterator[TestClient]:
    if "mapping_match_b" not in world.extras:
        area_mapping.seed(engine, world)
    with TestClient(create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))) as test_client:
        yield test_client


def _overlap(client: TestClient, world: World, who: str, partner: str) -> dict[str, object]:
    response = client.get(f"/api/v1/mapping/partners/{partner}/overlap", headers=world.headers(who))
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize(("level", "has_counts", "has_accounts"), [
    (SharingLevel.HIDDEN, False, False), (SharingLevel.COUNTS, True, False),
    (SharingLevel.OVERLAPS, True, True), (SharingLevel.FULL, True, True)])
def test_partner_user_sees_what_its_level_allows(engine: Engine, world: World, client: TestClient,
                                                 level: SharingLevel, has_counts: bool, has_accounts: bool) -> None:
    set_sharing_level(engine, world.partner_b, level, "test")
    body = _overlap(client, world, "partner_b", world.partner_b_ref)
    assert body["sharing_level"] == level.value
    assert (body["counts"] is not None, body["accounts"] is not None) == (has_counts, has_accounts)
    assert body["awaiting_review"] is None


def test_internal_user_sees_everything_whatever_the_level(engine: Engine, world: World, client: TestClient) -> None:
    set_sharing_level(engine, world.partner_b, SharingLevel.HIDDEN, "test")
    body = _overlap(client, world, "admin", world.partner_b_ref)
    assert body["counts"] is not None and body["awaiting_review"] == 1


def test_partner_manager_decides_a_match(world: World, client: TestClient) -> None:
    match = world.extras["mapping_match_b"]
    response = client.post(f"/api/v1/mapping/matches/{match}/decision", json={"decision": "reject"},
                           headers=world.headers("manager"))
    assert response.status_code == 200 and response.json()["status"] == "rejected"
