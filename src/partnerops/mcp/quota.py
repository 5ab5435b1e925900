"""Each API token may make a limited number of proposals a day. The count is taken by one conditional update
(`used < limit`), so two racing proposals can never both take the last place; the loser is told so."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from partnerops.store.mcp_tables import mcp_proposal_counts

__all__ = ["ProposalLimitReached", "give_back", "proposals_used", "take_one"]


class ProposalLimitReached(RuntimeError):
    def __init__(self, limit: int, day: date) -> None:
        super().__init__(f"this API token has made its {limit} proposals for {day.isoformat()} (UTC); a person can "
                         "still act in the pages, or the limit (PARTNEROPS_MCP_PROPOSALS_PER_DAY) can be raised")
        self.limit, self.day = limit, day


def _counted(token_id: int, day: date) -> list[ColumnElement[bool]]:
    c = mcp_proposal_counts.c
    return [c.token_id == token_id, c.day == day]


def _ensure_row(engine: Engine, token_id: int, day: date) -> None:
    """The day's row, made by whichever proposal comes first; a concurrent maker's insert loses harmlessly."""
    with engine.connect() as conn:
        if conn.execute(select(mcp_proposal_counts.c.used).where(*_counted(token_id, day))).first() is not None:
            return
    try:
        with engine.begin() as conn:
            conn.execute(insert(mcp_proposal_counts).values(token_id=token_id, day=day, used=0))
    except IntegrityError:
        pass  # made by a concurrent proposal of the same token


def take_one(engine: Engine, token_id: int, day: date, limit: int) -> None:
    """Count one proposal of the token's day, or ProposalLimitReached when the limit is reached."""
    _ensure_row(engine, token_id, day)
    c = mcp_proposal_counts.c
    with engine.begin() as conn:
        taken = conn.execute(
            update(mcp_proposal_counts).where(*_counted(token_id, day), c.used < limit).values(used=c.used + 1)
        ).rowcount  # fmt: skip
    if taken != 1:
        raise ProposalLimitReached(limit, day)


def give_back(engine: Engine, token_id: int, day: date) -> None:
    """Return the place a proposal took when it was refused, so a refused proposal costs nothing."""
    c = mcp_proposal_counts.c
    with engine.begin() as conn:
        conn.execute(update(mcp_proposal_counts).where(*_counted(token_id, day), c.used > 0).values(used=c.used - 1))


def proposals_used(engine: Engine, token_id: int, day: date) -> int:
    with engine.connect() as conn:
        used = conn.execute(select(mcp_proposal_counts.c.used).where(*_counted(token_id, day))).scalar_one_or_none()
    return int(used or 0)
