"""Partner, token and setup pages over the app on SQLite and PostgreSQL: an admin creates and edits partners (a
stale edit is a 409 that overwrites nothing), makes a token shown once and revokes it; the setup page makes the
first admin on an empty database, exactly once under a race, and is gone once anyone exists."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

from concurrency.race import race
from partnerops.auth.first_admin import SetupDone, create_first_admin
from partnerops.auth.tokens import principal_for_token
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.store.tables import audit_log, partners, users
from partnerops.web.app import create_web_app
from web.conftest import sign_in
from web.web_world import MANAGER, PASSWORD

ADMIN = "root@partnerops.test"
CHOSEN = "violet kettle harbour"


def _app(engine: Engine) -> FastAPI:
    return create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with engine.begin() as c:
        c.execute(insert(partners).values(source_system="salesforce", external_id="PRT-38099", name="Acme Cloud",
                                          type="technology", tier="silver"))  # fmt: skip
        add_user(c, ADMIN, Role.ADMIN, password=PASSWORD)
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
    with TestClient(_app(engine)) as test_client:
        yield test_client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _version(page: str) -> str:
    found = re.search(r'name="version" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_manager_creates_a_partner_and_a_bad_one_is_refused_naming_the_field(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, MANAGER)
    token = _csrf(client.get("/admin/partners").text)
    created = client.post("/admin/partners", data={"csrf_token": token, "id": "PRT-1", "name": "Bolt SI",
                                                   "type": "si", "tier": "gold", "domain": "bolt.example"})
    assert created.status_code == 200 and "Created Bolt SI (PRT-1)." in created.text
    bad = client.post("/admin/partners", data={"csrf_token": token, "id": "PRT-2", "name": "Cobalt",
                                               "type": "si", "domain": "not a domain"})
    assert bad.status_code == 400 and "domain:" in bad.text
    with engine.connect() as conn:
        rows = conn.execute(select(partners.c.external_id, partners.c.source_system, partners.c.tier)
                            .where(partners.c.external_id.in_(["PRT-1", "PRT-2"]))).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [("PRT-1", "partnerops", "gold")]


def test_an_edit_is_saved_audited_and_a_stale_one_is_a_409(client: TestClient, engine: Engine) -> None:
    sign_in(client, ADMIN)
    form = client.get("/admin/partners/PRT-38099/edit").text
    assert 'name="name"' not in form  # the CRM's own field
    fields = {"csrf_token": _csrf(form), "version": _version(form), "type": "technology", "tier": "gold",
              "stage": "", "owner": "Mia", "domain": "acme.example"}
    saved = client.post("/admin/partners/PRT-38099/edit", data=fields)
    assert saved.status_code == 200 and "Saved Acme Cloud (PRT-38099)." in saved.text
    stale = client.post("/admin/partners/PRT-38099/edit", data=fields | {"tier": "bronze"})
    assert stale.status_code == 409 and "changed by someone else meanwhile" in stale.text
    with engine.connect() as conn:
        assert conn.execute(select(partners.c.tier)).scalar_one() == "gold"
        audited = conn.execute(select(audit_log.c.field, audit_log.c.new_value, audit_log.c.actor)
                               .where(audit_log.c.entity == "partners").order_by(audit_log.c.field)).all()
    assert [tuple(a) for a in audited] == [("domain", "acme.example", ADMIN), ("owner", "Mia", ADMIN),
                                           ("tier", "gold", ADMIN)]  # fmt: skip
    assert client.get("/admin/partners/PRT-404/edit").status_code == 404


def test_a_token_is_shown_once_works_and_is_revoked(client: TestClient, engine: Engine) -> None:
    sign_in(client, ADMIN)
    page = client.get("/admin/tokens").text
    manager_id = re.search(r'<option value="(\d+)">' + re.escape(MANAGER), page)
    assert manager_id is not None
    made = client.post("/admin/tokens", data={"csrf_token": _csrf(page), "user_id": manager_id.group(1),
                                              "name": "CRM sync", "scope": ""})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="token-value" readonly value="(po_[^"]+)"', made.text)
    assert token is not None
    with engine.connect() as conn:
        assert principal_for_token(conn, token.group(1)).email == MANAGER  # type: ignore[union-attr]
    listed = client.get("/admin/tokens").text
    assert token.group(1) not in listed and "CRM sync" in listed
    revoked = client.post("/admin/tokens/revoke", data={"csrf_token": _csrf(listed), "prefix": token.group(1)[:12]})
    assert revoked.status_code == 200 and "it no longer works" in revoked.text
    with engine.connect() as conn:
        assert principal_for_token(conn, token.group(1)) is None


def test_only_admins_reach_the_tokens_page_and_managers_the_partner_pages(client: TestClient) -> None:
    sign_in(client, MANAGER)
    assert client.get("/admin/tokens").status_code == 403
    assert client.get("/admin/partners").status_code == 200


def test_setup_makes_the_first_admin_signs_them_in_and_is_then_gone(engine: Engine) -> None:
    with TestClient(_app(engine)) as client:
        form = client.get("/setup")
        assert form.status_code == 200
        weak = client.post("/setup", data={"csrf_token": _csrf(form.text), "email": ADMIN, "password": "short",
                                           "confirm": "short"})
        assert weak.status_code == 400 and "at least" in weak.text
        done = client.post("/setup", data={"csrf_token": _csrf(weak.text), "email": ADMIN, "password": CHOSEN,
                                           "confirm": CHOSEN})
        assert done.status_code == 200 and "You are the admin." in done.text
        assert client.get("/setup").status_code == 404
        assert client.get("/users").status_code == 200


def test_two_racing_setups_make_exactly_one_admin(engine: Engine) -> None:
    results = race(lambda i: create_first_admin(engine, f"admin{i}@partnerops.test", CHOSEN), 4)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, SetupDone) for r in results if isinstance(r, Exception))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(users)).scalar_one() == 1


def test_setup_is_gone_once_a_user_exists_from_the_command_line(engine: Engine) -> None:
    with engine.begin() as c:
        add_user(c, MANAGER, Role.PARTNER_MANAGER)
    with TestClient(_app(engine)) as client:
        assert client.get("/setup").status_code == 404
    with pytest.raises(SetupDone):
        create_first_admin(engine, ADMIN, CHOSEN)
