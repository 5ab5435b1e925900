"""A partner's API token never reaches another partner's data through any tool, over real HTTP: every tool is
walked with calls aimed at partner B's records by name and id, and no answer carries anything only B's data holds."""

from __future__ import annotations

import pytest
from mcp_client import http_agent
from mcp_probes import PROBES, sent_texts

from api.api_world import World, b_markers
from partnerops.mcp.proposal_registry import PROPOSAL_TOOLS
from partnerops.mcp.read_registry import READ_TOOLS


def test_every_tool_has_an_isolation_probe(mcp_url: str, world: World) -> None:
    listed = http_agent(mcp_url, world.tokens["partner_a"]).tool_names()
    assert set(listed) == set(PROBES) == set(READ_TOOLS + PROPOSAL_TOOLS)


def test_partner_token_gets_nothing_of_another_partner_from_any_tool(mcp_url: str, world: World) -> None:
    asks = [(tool, arguments) for tool, calls in PROBES.items() for arguments in calls]
    answers = http_agent(mcp_url, world.tokens["partner_a"]).calls(asks)
    for (tool, arguments), answer in zip(asks, answers, strict=True):
        text = answer.text
        for sent in sent_texts(arguments):
            text = text.replace(sent, "")
        leaked = [marker for marker in b_markers() if marker in text]
        assert not leaked, (tool, arguments, leaked, answer.text)


@pytest.mark.parametrize("tool", ["explain_attribution", "deal_signals"])
def test_another_partners_deal_answers_as_a_deal_that_does_not_exist(mcp_url: str, world: World, tool: str) -> None:
    agent = http_agent(mcp_url, world.tokens["partner_a"])
    hidden, absent = agent.calls([(tool, {"opportunity": "OPP-BANANA"}), (tool, {"opportunity": "OPP-NONE"})])
    assert hidden.error and absent.error
    assert hidden.text.replace("OPP-BANANA", "X") == absent.text.replace("OPP-NONE", "X")


def test_partner_proposals_aimed_at_another_partner_create_nothing(mcp_url: str, world: World) -> None:
    agent = http_agent(mcp_url, world.tokens["partner_a"])
    answers = agent.calls([(tool, arguments) for tool in PROPOSAL_TOOLS for arguments in PROBES[tool]
                           if "PARTNER-BRAVO" in arguments.values() or "OPP-BANANA" in arguments.values()])
    assert answers and all(answer.error for answer in answers)
