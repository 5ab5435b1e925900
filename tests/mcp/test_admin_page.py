"""The agents page lists every MCP tool call to admins, filtered and searchable, and is refused to everyone else."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from mcp_client import inprocess_agent
from mcp_probes import DEAL
from sqlalchemy import Engine

from api.api_world import PASSWORD, World
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.web.app import create_web_app


def _signed_in(engine: Engine, email: str, role: Role) -> TestClient:
    with engine.begin() as conn:
        add_user(conn, email, role, partner_external_id="PA" if role is Role.PARTNER_USER else None,
                 password=PASSWORD)
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    client = TestClient(app)
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    return client


def test_admins_read_every_call_and_others_are_refused(engine: Engine, world: World) -> None:
    inprocess_agent(engine, world.tokens["partner_a"]).calls([("find_partners", {"query": "Alpha"}),
                                                              ("impact_report", {})])  # fmt: skip
    page = _signed_in(engine, "page-admin@example.com", Role.ADMIN).get("/admin/mcp?outcome=error")
    assert page.status_code == 200
    rows = re.findall(r'<th scope="row">(\w+)</th>', page.text)
    assert rows == ["impact_report"] and "partner_a@example.com" in page.text
    assert 'href="/admin/mcp"' in page.text  # the admins' navigation leads there
    for email, role in (("page-manager@example.com", Role.PARTNER_MANAGER), ("page-partner@example.com",
                                                                              Role.PARTNER_USER)):  # fmt: skip
        client = _signed_in(engine, email, role)
        assert client.get("/admin/mcp").status_code == 403
        assert 'href="/admin/mcp"' not in client.get("/portal" if role is Role.PARTNER_USER else "/").text


def test_the_registration_queue_says_an_agent_proposed_it_for_the_token_owner(engine: Engine, world: World) -> None:
    made = inprocess_agent(engine, world.tokens["partner_a"]).call("register_deal",
                                                                   **DEAL | {"company_name": "Agent Shown Co"})
    assert not made.error, made.text
    queue = _signed_in(engine, "queue-admin@example.com", Role.ADMIN).get("/registrations?size=100").text
    row = queue.split("Agent Shown Co", 1)[1].split("</th>", 1)[0]
    assert "proposed by an agent for partner_a@example.com" in row
