"""offer_lead: an agent of staff proposes offering a lead to a partner; the offer waits proposed in the routing
queue, marked as the agent's, unseen by the partner until a partner manager confirms it; a partner's agent may not
offer leads at all."""

from __future__ import annotations

from mcp_client import inprocess_agent
from sqlalchemy import Engine

from api.api_world import World
from partnerops.mcp.proposals import agent_proposal
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import confirm_offer
from partnerops.routing.offers import list_offers
from partnerops.routing.rules import load_rules
from routing.routing_kit import MANAGER


def test_an_offered_lead_waits_for_a_managers_confirmation(engine: Engine, world: World) -> None:
    agent = inprocess_agent(engine, world.tokens["sales"])
    answer = agent.call("offer_lead", lead="OS-1", partner="Alpha Partners").data
    assert (answer["status"], answer["offer"]["lead"], answer["offer"]["partner"]) == ("proposed", "OS-1", "PA")
    with engine.connect() as conn:
        [offer] = list_offers(conn, lead_id=None, statuses=("proposed",))
    marked = agent_proposal(engine, "routing_offer", offer.id)
    assert marked is not None and marked.tool == "offer_lead"
    partner = inprocess_agent(engine, world.tokens["partner_a"])
    assert agent.call("my_proposals").data["proposals"][0]["status"] == "proposed"
    with engine.begin() as conn:
        confirm_offer(conn, MANAGER, resolve_lead(conn, "OS-1"), world.partner_a, load_rules())
    assert agent.call("my_proposals").data["proposals"][0]["status"] == "offered"
    again = agent.call("offer_lead", lead="OS-1", partner="PA")
    assert again.error and "already offered to Alpha Partners" in again.text
    assert partner.call("my_proposals").data == {"proposals": []}


def test_a_partners_agent_may_not_offer_leads(engine: Engine, world: World) -> None:
    answer = inprocess_agent(engine, world.tokens["partner_a"]).call("offer_lead", lead="OS-1", partner="PA")
    assert answer.error and "roles" in answer.text
    with engine.connect() as conn:
        assert [o for o in list_offers(conn) if o.lead_ref == "OS-1"] == []


def test_a_closed_deal_or_unknown_lead_is_refused_in_words(engine: Engine, world: World) -> None:
    agent = inprocess_agent(engine, world.tokens["manager"])
    closed = agent.call("offer_lead", lead="OA-1", partner="PA")
    assert closed.error and "only open deals are routed" in closed.text
    unknown = agent.call("offer_lead", lead="NOPE-1", partner="PA")
    assert unknown.error and "there is no lead 'NOPE-1'" in unknown.text
