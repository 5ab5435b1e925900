"""Every tool call is logged with who made it, the tool, its arguments with secrets removed, the result's size and
how long it took; refused calls too."""

from __future__ import annotations

from mcp_client import inprocess_agent
from mcp_probes import DEAL
from sqlalchemy import Engine

from api.api_world import World
from partnerops.mcp.call_log import REDACTED, list_calls, redacted


def test_redaction_removes_secret_names_and_token_like_text() -> None:
    found = redacted({"api_key": "abc", "notes": "use po_abcdefghijklmnopqrstuvwxyz please", "nested": {"password": 1},
                      "query": "Acme"})  # fmt: skip
    assert found == {"api_key": REDACTED, "notes": f"use {REDACTED} please", "nested": {"password": REDACTED},
                     "query": "Acme"}  # fmt: skip


def test_each_call_is_logged_with_its_caller_size_and_outcome(engine: Engine, world: World) -> None:
    token = world.tokens["partner_a"]
    inprocess_agent(engine, token).calls([
        ("find_partners", {"query": "Alpha"}),
        ("impact_report", {}),
        ("register_deal", DEAL | {"company_name": "Kiwi Co", "notes": f"my token is {token}"}),
    ])  # fmt: skip
    calls, total = list_calls(engine, limit=10, offset=0)
    assert total == 3
    register, impact, find = calls
    assert [c.tool for c in calls] == ["register_deal", "impact_report", "find_partners"]
    assert {c.email for c in calls} == {"partner_a@example.com"} and {c.transport for c in calls} == {"stdio"}
    assert find.outcome == "ok" and find.result_bytes > 0 and find.arguments == {"query": "Alpha", "limit": 20}
    assert impact.outcome == "error" and "roles" in (impact.error or "") and impact.result_bytes == 0
    assert token not in str(register.arguments) and REDACTED in register.arguments["notes"]
    assert all(c.duration_ms >= 0 and c.token == token[:12] for c in calls)
