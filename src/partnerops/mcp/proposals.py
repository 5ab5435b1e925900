"""A proposal an agent makes lands in the queue people already work (registrations pending, touches claimed, tier
reviews proposed, MDF requests pending) and is recorded here with the token and its owner, so reviewers can see
that an agent proposed it; only a person with the right role makes it take effect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine, insert, select

from partnerops.mcp.callers import Caller
from partnerops.mcp.quota import give_back, take_one
from partnerops.store.mcp_tables import mcp_proposals

__all__ = ["AgentProposal", "ProposalKind", "agent_proposal", "propose"]

ProposalKind = Literal["registration", "touch", "tier_review", "mdf_request"]


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
