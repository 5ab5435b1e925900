"""One role rule for commission data, on SQLite and PostgreSQL: the same roles see payout batches, statements and
disputes on the pages and through the API (finance, partner managers, admins: every partner; a partner's user: its
own statements and disputes, no payout batch; sales: none), decided by `commissions.access` for both."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.api_world import ROLES, World, build_world
from partnerops.api.dependencies import SESSION_COOKIE
from partnerops.auth.sessions import start_session
from partnerops.commissions.access import may_see_commissions
from partnerops.domain.roles import Principal, Role
from partnerops.settings import Settings
from partnerops.store.tables import users
from partnerops.web.app import create_web_app

PERIOD = f"{date.today().year}"
# Who sees what, as a user of each role would find it.
SEES_EVERY_PARTNER = {"admin", "manager", "finance"}


@pytest.fixture
def served(engine: Engine) -> Iterator[tuple[TestClient, World]]:
    world = build_world(engine)
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with TestClient(app) as client:
        yield client, world


def page_status(client: TestClient, engine: Engine, who: str, path: str) -> int:
    """`path` as the user `who` signed in to the pages sees it (a session of its own, no password needed)."""
    with engine.begin() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.email == f"{who}@example.com")).scalar_one()
        session = start_session(conn, user_id)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, session.key)
    status = client.get(path, follow_redirects=False).status_code
    client.cookies.clear()
    return status


def api_status(client: TestClient, world: World, who: str, path: str) -> int:
    client.cookies.clear()
    return client.get(f"/api/v1{path}", headers=world.headers(who)).status_code


@pytest.mark.parametrize("who", list(ROLES))
def test_payout_batches_are_seen_by_the_same_roles_on_the_page_and_the_api(served: tuple[TestClient, World],
                                                                          engine: Engine, who: str) -> None:
    client, world = served
    page = page_status(client, engine, who, "/commissions")
    api = api_status(client, world, who, "/commissions/payouts")
    assert (page == 200, api == 200) == (who in SEES_EVERY_PARTNER,) * 2, (page, api)


@pytest.mark.parametrize("who", list(ROLES))
def test_a_partners_statement_and_disputes_are_seen_by_its_own_user_and_commission_staff_only(
        served: tuple[TestClient, World], who: str) -> None:  # fmt: skip
    client, world = served
    statement = api_status(client, world, who, f"/commissions/statements/{world.partner_a_ref}?period={PERIOD}")
    summary = api_status(client, world, who, f"/commissions/summary?partner_id={world.partner_a_ref}")
    disputes = api_status(client, world, who, "/commissions/disputes")
    sees = who in SEES_EVERY_PARTNER or who == "partner_a"
    assert (statement == 200, summary == 200) == (sees, sees), (statement, summary)
    assert (disputes == 200) == (who != "sales")
    if who == "sales":
        assert (statement, summary, disputes) == (403, 403, 403)


def test_sales_is_refused_the_commissions_desk_with_a_page_saying_who_may(served: tuple[TestClient, World],
                                                                         engine: Engine) -> None:
    client, _ = served
    with engine.begin() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.email == "sales@example.com")).scalar_one()
        session = start_session(conn, user_id)
    client.cookies.set(SESSION_COOKIE, session.key)
    answer = client.get("/commissions")
    assert answer.status_code == 403 and "finance, partner managers and admins" in answer.text


def test_the_rule_admits_commission_staff_and_partner_users_only() -> None:
    admitted = {role for role in Role if may_see_commissions(
        Principal(1, "x@example.com", role, 1 if role is Role.PARTNER_USER else None))}
    assert admitted == {Role.ADMIN, Role.PARTNER_MANAGER, Role.FINANCE, Role.PARTNER_USER}
