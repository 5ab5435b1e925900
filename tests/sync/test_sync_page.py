"""The CRM sync page: admins see each connection (never a secret) and the runs with counts, duration and errors;
everyone else is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.web.app import create_web_app
from sync.crm_kit import Org
from web.conftest import sign_in
from web.web_world import MANAGER, PASSWORD

ADMIN = "root@partnerops.test"


@pytest.fixture
def client(salesforce: Org) -> Iterator[TestClient]:
    with salesforce.engine.begin() as c:
        add_user(c, ADMIN, Role.ADMIN, password=PASSWORD)
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
    settings = Settings(database_url="sqlite://", secure_cookies=False)
    with TestClient(create_web_app(salesforce.engine, settings, warm_dashboard=False)) as test_client:
        yield test_client


def test_admins_see_connections_and_runs_with_their_counts_and_errors(client: TestClient, salesforce: Org) -> None:
    salesforce.sync()
    salesforce.server.stop()
    salesforce.sync()
    sign_in(client, ADMIN)
    page = client.get("/admin/sync")
    assert page.status_code == 200
    assert re.search(r'<table id="connections">.*?salesforce.*?refresh_token', page.text, re.S)
    runs = re.findall(r'<tr id="sync-run-\d+">.*?</tr>', page.text, re.S)
    assert len(runs) == 2
    assert "failed" in runs[0] and "no answer after" in runs[0]
    assert "finished" in runs[1] and "opportunities: inserted 2" in runs[1]
    assert "refresh-1" not in page.text and "shh" not in page.text


def test_the_page_is_for_admins_only(client: TestClient) -> None:
    sign_in(client, MANAGER)
    assert client.get("/admin/sync").status_code == 403
