"""Proposal tools land in the review queues people work, marked as an agent's with the token's owner, and take
effect only when a person with the right role approves them; no tool approves anything."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from mcp_client import inprocess_agent
from mcp_probes import DEAL, MDF, TOUCH
from sqlalchemy import Engine, delete, select

from api.api_world import World
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.mcp.proposal_registry import PROPOSAL_TOOLS
from partnerops.mcp.proposals import agent_proposal
from partnerops.program.mdf import allocate_funds
from partnerops.program.tier_reviews import accept_tier_review
from partnerops.registrations import service as registrations
from partnerops.store.program_tables import tier_reviews
from partnerops.store.tables import partners, touches, users

MANAGER = Principal(user_id=0, email="manager@example.com", role=Role.PARTNER_MANAGER)


def _user_id(engine: Engine, email: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(users.c.id).where(users.c.email == email)).scalar_one())


def test_no_tool_decides_a_proposal() -> None:
    assert set(PROPOSAL_TOOLS) == {"register_deal", "propose_touch", "propose_tier_change", "draft_mdf_request",
                                   "offer_lead", "my_proposals"}
    assert not [tool for tool in PROPOSAL_TOOLS if any(word in tool for word in ("approve", "confirm", "accept"))]


def test_registration_waits_pending_until_a_manager_approves_it(engine: Engine, world: World) -> None:
    answer = inprocess_agent(engine, world.tokens["partner_a"]).call(
        "register_deal", **DEAL | {"company_name": "Durian Labs", "domain": "durian.example"}).data
    registration = answer["registration"]
    assert answer["status"] == "pending" and registration["partner_id"] == world.partner_a
    marked = agent_proposal(engine, "registration", registration["id"])
    assert marked is not None and marked.user_id == _user_id(engine, "partner_a@example.com")
    pending = registrations.list_registrations(engine, MANAGER, status="pending")
    assert registration["id"] in [r.id for r in pending]
    agent = inprocess_agent(engine, world.tokens["partner_a"])
    assert agent.call("my_proposals").data["proposals"][0] | {"proposed_at": None} == {
        "proposed_at": None, "tool": "register_deal", "kind": "registration", "id": registration["id"],
        "status": "pending"}  # fmt: skip
    approved = registrations.approve_registration(engine, MANAGER, registration["id"])
    assert approved.status == "approved"
    assert agent.call("my_proposals").data["proposals"][0]["status"] == "approved"
    assert inprocess_agent(engine, world.tokens["partner_b"]).call("my_proposals").data == {"proposals": []}


def test_touch_from_a_transcript_passage_stays_claimed(engine: Engine, world: World) -> None:
    answer = inprocess_agent(engine, world.tokens["partner_a"]).call(
        "propose_touch", **TOUCH | {"opportunity": "OA-1", "passage": "Alpha's architect walked us through it",
                                    "source": "call-0412.vtt 12:31"}).data
    touch = answer["touch"]
    assert touch["status"] == "claimed" and touch["partner"] == "PA" and touch["opportunity"] == "OA-1"
    assert "Alpha's architect" in touch["evidence"] and "call-0412.vtt 12:31" in touch["evidence"]
    assert agent_proposal(engine, "touch", touch["id"]) is not None
    with engine.connect() as conn:
        assert conn.execute(select(touches.c.status).where(touches.c.id == touch["id"])).scalar_one() == "claimed"


def test_tier_change_is_a_review_the_tier_waits_for(engine: Engine, world: World) -> None:
    with engine.begin() as conn:  # the world's own reviews may fall in this quarter
        conn.execute(delete(tier_reviews).where(tier_reviews.c.partner_id == world.partner_a))
    agent = inprocess_agent(engine, world.tokens["manager"])
    answer = agent.call("propose_tier_change", partner="PA", tier="gold", reason="three co-sell wins this quarter")
    review = answer.data["tier_review"]
    assert review["status"] == "proposed" and review["proposed_tier"] == "gold"
    with engine.begin() as conn:
        assert conn.execute(select(partners.c.tier).where(partners.c.id == world.partner_a)).scalar_one() is None
        accept_tier_review(conn, MANAGER, review["id"])
        assert conn.execute(select(partners.c.tier).where(partners.c.id == world.partner_a)).scalar_one() == "gold"
    second = agent.call("propose_tier_change", partner="PA", tier="platinum", reason="again")
    assert second.error and "already has a tier review" in second.text


def test_partner_may_not_propose_tier_changes(engine: Engine, world: World) -> None:
    answer = inprocess_agent(engine, world.tokens["partner_a"]).call(
        "propose_tier_change", partner="PA", tier="platinum", reason="we deserve it")
    assert answer.error and "roles" in answer.text


def test_mdf_request_is_drafted_pending(engine: Engine, world: World) -> None:
    with engine.begin() as conn:
        allocate_funds(conn, MANAGER, world.partner_a, "2026", Money(Decimal("5000"), "USD"), datetime.now(UTC))
    answer = inprocess_agent(engine, world.tokens["partner_a"]).call("draft_mdf_request", **MDF | {"period": "2026"})
    request = answer.data["mdf_request"]
    assert request["status"] == "pending" and request["partner_id"] == world.partner_a
    assert agent_proposal(engine, "mdf_request", request["id"]) is not None


def test_daily_limit_refuses_the_next_proposal_and_refusals_cost_nothing(engine: Engine, world: World) -> None:
    agent = inprocess_agent(engine, world.tokens["partner_a"], proposals_per_day=1)
    refused, first, over = agent.calls([
        ("register_deal", DEAL | {"company_name": "Elder Co", "currency": "XXX"}),
        ("register_deal", DEAL | {"company_name": "Fig Co"}),
        ("register_deal", DEAL | {"company_name": "Grape Co"}),
    ])  # fmt: skip
    assert refused.error and not first.error
    assert over.error and "has made its 1 proposals" in over.text
