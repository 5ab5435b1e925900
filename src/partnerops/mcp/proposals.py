"""A proposal an agent makes lands in the queue people already work (registrations pending, touches claimed, tier
reviews proposed, MDF requests pending) and is recorded here with the token and its owner, so reviewers can see
that an agent proposed it; only a person with the right role makes it take effect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine, Table, insert, select

from partnerops.mcp.callers import Caller
from partnerops.mcp.quota import give_back, take_one
from partnerops.store.mcp_tables import mcp_proposals
from partnerops.store.program_tables import mdf_requests, tier_reviews
from partnerops.store.registration_tables import registrations
from partnerops.store.routing_tables import routing_offers
from partnerops.store.tables import touches

__all__ = ["AgentProposal", "ProposalKind", "agent_proposal", "propose", "proposals_of"]

ProposalKind = Literal["registration", "touch", "tier_review", "mdf_request", "routing_offer"]
# The queue each kind of proposal waits in; its status column says whether a person has decided it.
QUEUES: dict[str, Table] = {"registration": registrations, "touch": touches, "tier_review": tier_reviews,
                            "mdf_request": mdf_requests, "routing_offer": routing_offers}  # fmt: skip


@dataclass(frozen=True)
class AgentProposal:
    proposed_at: datetime
    user_id: int
    token_id: int
    tool: str


def propose(engine: Engine, caller: Caller, tool: str, kind: ProposalKind, per_day: int,
            create: Callable[[], int]) -> int:  # fmt: skip
    """Count the proposal against the token's day, CREATE it in its queue and record who proposed it; a refused
    proposal gives its place back."""
    now = datetime.now(UTC)
    take_one(engine, caller.token_id, now.date(), per_day)
    try:
        record_id = create()
    except BaseException:
        give_back(engine, caller.token_id, now.date())
        raise
    with engine.begin() as conn:
        conn.execute(insert(mcp_proposals).values(
            proposed_at=now, user_id=caller.principal.user_id, token_id=caller.token_id, tool=tool, kind=kind,
            record_id=record_id))  # fmt: skip
    return record_id


def agent_proposal(engine: Engine, kind: ProposalKind, record_id: int) -> AgentProposal | None:
    """Who proposed a queue item through an agent, if an agent did."""
    p = mcp_proposals.c
    with engine.connect() as conn:
        row = conn.execute(select(p.proposed_at, p.user_id, p.token_id, p.tool)
                           .where(p.kind == kind, p.record_id == record_id)).first()  # fmt: skip
    return None if row is None else AgentProposal(*row)


def proposals_of(engine: Engine, user_id: int, limit: int) -> list[dict[str, object]]:
    """The user's own proposals through agents, newest first, each with its queue's current status."""
    p = mcp_proposals.c
    with engine.connect() as conn:
        rows = conn.execute(select(p.proposed_at, p.tool, p.kind, p.record_id).where(p.user_id == user_id)
                            .order_by(p.proposed_at.desc(), p.id.desc()).limit(limit)).all()  # fmt: skip
        status: dict[tuple[str, int], str] = {}
        for kind, queue in QUEUES.items():
            ids = [int(row.record_id) for row in rows if row.kind == kind]
            if ids:
                found = conn.execute(select(queue.c.id, queue.c.status).where(queue.c.id.in_(ids)))
                status |= {(kind, int(r.id)): str(r.status) for r in found}
    return [{"proposed_at": row.proposed_at.isoformat(), "tool": row.tool, "kind": row.kind, "id": row.record_id,
             "status": status.get((row.kind, int(row.record_id)), "gone")} for row in rows]  # fmt: skip
