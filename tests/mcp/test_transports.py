"""The SDK's client lists the tools and calls them over both transports: streamable HTTP at /mcp of the served
app and stdio from `partnerops mcp`; each call acts with its token owner's role and partner scope."""

from __future__ import annotations

import httpx
from mcp_client import http_agent, inprocess_agent, stdio_agent
from sqlalchemy import Engine, select

from api.api_world import World
from partnerops.auth.tokens import TokenScope, create_token, revoke_token
from partnerops.mcp.proposal_registry import PROPOSAL_TOOLS
from partnerops.mcp.read_registry import READ_TOOLS
from partnerops.store.tables import users


def _partner_names(answer_items: list[dict[str, object]]) -> list[object]:
    return sorted(item["name"] for item in answer_items)


def test_http_lists_every_tool_and_scopes_each_role(mcp_url: str, world: World) -> None:
    assert http_agent(mcp_url, world.tokens["sales"]).tool_names() == sorted(READ_TOOLS + PROPOSAL_TOOLS)
    sales = http_agent(mcp_url, world.tokens["sales"]).call("find_partners").data
    partner = http_agent(mcp_url, world.tokens["partner_a"]).call("find_partners").data
    assert _partner_names(sales["items"]) == ["Alpha Partners", "Bravo Partners"]
    assert _partner_names(partner["items"]) == ["Alpha Partners"]


def test_http_partner_sees_its_own_and_shared_deals_only(mcp_url: str, world: World) -> None:
    deals = http_agent(mcp_url, world.tokens["partner_a"]).call("find_opportunities").data
    assert sorted(item["external_id"] for item in deals["items"]) == ["OA-1", "OS-1"]


def test_http_impact_report_is_for_staff_with_its_intervals(mcp_url: str, world: World) -> None:
    staff = http_agent(mcp_url, world.tokens["finance"]).call("impact_report")
    partner = http_agent(mcp_url, world.tokens["partner_a"]).call("impact_report")
    assert "interval" in staff.text or "ci_" in staff.text, staff.text[:500]
    assert partner.error and "roles" in partner.text


def test_http_ecosystem_report_is_for_staff(mcp_url: str, world: World) -> None:
    staff = http_agent(mcp_url, world.tokens["manager"]).call("ecosystem_report", draws=0)
    partner = http_agent(mcp_url, world.tokens["partner_a"]).call("ecosystem_report")
    assert staff.data["ecosystem"]["groups"][0]["dimension"] == "all"
    assert partner.error and "roles" in partner.text


def test_http_refuses_a_request_without_a_live_token(mcp_url: str, world: World) -> None:
    hello = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    for headers in ({}, {"Authorization": "Bearer po_not-a-token"}):
        answer = httpx.post(f"{mcp_url}/mcp", json=hello, headers=headers, timeout=60)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"


def test_stdio_acts_as_the_token_owner(engine: Engine, world: World) -> None:
    manager = stdio_agent(engine, world.tokens["manager"])
    partner = stdio_agent(engine, world.tokens["partner_a"])
    assert manager.tool_names() == sorted(READ_TOOLS + PROPOSAL_TOOLS)
    assert _partner_names(manager.call("find_partners").data["items"]) == ["Alpha Partners", "Bravo Partners"]
    assert _partner_names(partner.call("find_partners").data["items"]) == ["Alpha Partners"]


def test_http_answers_each_request_as_its_own_token_owner(mcp_url: str, world: World) -> None:
    """No session carries a caller from one request to the next (any worker process may answer any request)."""
    accept = {"Accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25"}
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "find_partners", "arguments": {}}}
    answers = {who: httpx.post(f"{mcp_url}/mcp", json=call, timeout=60, headers=accept | {
        "Authorization": f"Bearer {world.tokens[who]}"}).text for who in ("manager", "partner_a")}  # fmt: skip
    assert "Bravo Partners" in answers["manager"] and "Alpha Partners" in answers["partner_a"]
    assert "Bravo Partners" not in answers["partner_a"]


def test_a_revoked_or_limited_token_stops_at_the_next_call(engine: Engine, world: World) -> None:
    token = world.tokens["partner_a"]
    with engine.begin() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.email == "partner_a@example.com")).scalar_one()
        limited = create_token(conn, user_id, "overlap only", scope=TokenScope.PSI)
    agent = inprocess_agent(engine, token)
    assert not agent.call("find_partners").error
    with engine.begin() as conn:
        revoke_token(conn, token[:12])
    for answer in (agent.call("find_partners"), inprocess_agent(engine, limited).call("find_partners")):
        assert answer.error and ("revoked" in answer.text or "psi" in answer.text)
