"""Proposals confirmed through the assistant are exchanges of their own in the assistant's log (intent
`proposal`, the queue item as its source), which is the record that the assistant proposed it for that person. A
person may confirm a limited number a day; the count is taken under a lock on the person's row, so racing
confirmations can never pass the limit, and a refused proposal gives its place back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine, delete, func, insert, select, update

from partnerops.assistant.answers import Source
from partnerops.domain.roles import Principal
from partnerops.registrations.repository import as_utc
from partnerops.store.assistant_tables import assistant_exchanges
from partnerops.store.tables import users

__all__ = ["PROPOSAL_INTENT", "AssistantProposal", "ProposalLimitReached", "assistant_proposal",
           "assistant_proposals", "fill_place", "give_back", "take_place"]  # fmt: skip

PROPOSAL_INTENT = "proposal"
PROPOSED_BY = "assistant"


class ProposalLimitReached(RuntimeError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"You have confirmed the {limit} proposals the assistant may make for you today (UTC); "
                         "use the registration or touch pages for more, or ask an administrator to raise "
                         "PARTNEROPS_MCP_PROPOSALS_PER_DAY.")  # fmt: skip
        self.limit = limit


@dataclass(frozen=True)
class AssistantProposal:
    proposed_at: datetime
    user_email: str
    question: str


def take_place(engine: Engine, principal: Principal, question: str, per_day: int, now: datetime) -> int:
    """One of the person's places for the day, held by a placeholder exchange; ProposalLimitReached when none is
    left. Locking the person's row first makes racing confirmations count one after the other."""
    e = assistant_exchanges.c
    start = datetime.combine(now.astimezone(UTC).date(), time(0), UTC)
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == principal.user_id).values(id=users.c.id))
        used = conn.execute(select(func.count()).select_from(assistant_exchanges).where(
            e.user_email == principal.email, e.intent == PROPOSAL_INTENT, e.at >= start,
            e.at < start + timedelta(days=1))).scalar_one()  # fmt: skip
        if used >= per_day:
            raise ProposalLimitReached(per_day)
        return int(conn.execute(insert(assistant_exchanges).values(
            at=now, user_email=principal.email, role=principal.role.value, partner_id=principal.partner_id,
            question=question, intent=PROPOSAL_INTENT, answer="", sources=[], grounded=1, phrased_by=PROPOSED_BY,
        ).returning(e.id)).scalar_one())  # fmt: skip


def fill_place(engine: Engine, place: int, proposed: Source, answer: str) -> None:
    """The place now names the queue item the proposal created."""
    with engine.begin() as conn:
        conn.execute(update(assistant_exchanges).where(assistant_exchanges.c.id == place)
                     .values(answer=answer, sources=[proposed.to_json()]))  # fmt: skip


def give_back(engine: Engine, place: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(assistant_exchanges).where(assistant_exchanges.c.id == place))


def assistant_proposal(engine: Engine, kind: str, record_id: int) -> AssistantProposal | None:
    """Who the assistant proposed a queue item for (kind registration | touch), if it proposed it."""
    e = assistant_exchanges.c
    with engine.connect() as conn:
        rows = conn.execute(select(e.at, e.user_email, e.question, e.sources)
                            .where(e.intent == PROPOSAL_INTENT).order_by(e.id.desc())).all()  # fmt: skip
    for row in rows:
        if any(s.get("kind") == kind and s.get("id") == record_id for s in row.sources):
            return AssistantProposal(as_utc(row.at), row.user_email, row.question)
    return None


def assistant_proposals(engine: Engine, kind: str) -> dict[int, str]:
    """Every queue item of KIND the assistant proposed, with the email of the person it proposed it for."""
    e = assistant_exchanges.c
    with engine.connect() as conn:
        rows = conn.execute(select(e.user_email, e.sources).where(e.intent == PROPOSAL_INTENT)).all()
    return {int(s["id"]): str(row.user_email) for row in rows for s in row.sources if s.get("kind") == kind}
