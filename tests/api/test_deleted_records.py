"""The API over records the CRM deleted: lists leave them out exactly as if they were never there, and asking for
one by id is a 404 like any unknown id; open deals without an amount list it as null."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from analytics.deleted_program import remove_deleted, seed_program
from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.api.app import create_app
from partnerops.attribution.service import run_attribution
from partnerops.auth.tokens import create_token
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.store.tables import accounts, opportunities, partners, touches

RESOURCES = ("opportunities", "accounts", "partners", "touches")


@pytest.fixture
def admin(engine: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    seed_program(engine, 11)
    with engine.begin() as connection:
        user = add_user(connection, "admin@example.com", Role.ADMIN)
        token = create_token(connection, user.id, "tests")
    run_attribution(engine)
    app = create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))
    with TestClient(app, base_url="http://testserver") as client:
        yield client, {"Authorization": f"Bearer {token}"}


def _listed(client: TestClient, headers: dict[str, str], resource: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(f"/api/v1/{resource}?limit=200&offset={len(items)}", headers=headers).json()
        items += page["items"]
        if len(items) >= page["total"]:
            return items


def test_lists_without_deleted_records_equal_the_lists_of_the_program_without_them(
    engine: Engine, admin: tuple[TestClient, dict[str, str]]
) -> None:
    client, headers = admin
    before = {resource: _listed(client, headers, resource) for resource in RESOURCES}
    remove_deleted(engine)
    after = {resource: _listed(client, headers, resource) for resource in RESOURCES}
    assert before == after
    assert any(item["amount"] is None for item in after["opportunities"])


def test_a_deleted_record_is_a_404_and_its_attribution_too(
    engine: Engine, admin: tuple[TestClient, dict[str, str]]
) -> None:
    client, headers = admin
    with engine.connect() as connection:
        deal = connection.execute(select(opportunities.c.id).where(~live_opportunity())).scalars().first()
        account = connection.execute(select(accounts.c.id).where(accounts.c.deleted_at.is_not(None))).scalars().first()
        partner = connection.execute(select(partners.c.id).where(partners.c.deleted_at.is_not(None))).scalars().first()
        touch = connection.execute(select(touches.c.id).where(~live_touch())).scalars().first()
    for path in (f"opportunities/{deal}", f"opportunities/{deal}/attribution", f"accounts/{account}",
                 f"partners/{partner}", f"touches/{touch}"):  # fmt: skip
        response = client.get(f"/api/v1/{path}", headers=headers)
        assert response.status_code == 404, path


def test_filtering_by_a_partner_counts_only_its_live_touches(
    engine: Engine, admin: tuple[TestClient, dict[str, str]]
) -> None:
    client, headers = admin
    listed = {item["external_id"] for item in client.get("/api/v1/opportunities?partner_id=P1&limit=200",
                                                         headers=headers).json()["items"]}  # fmt: skip
    t, o = touches.c, opportunities.c
    with engine.connect() as connection:
        query = select(o.external_id).join(touches, t.opportunity_id == o.id).where(t.partner_id == 1, live_touch())
        touched = set(connection.execute(query).scalars())
    assert listed == touched
