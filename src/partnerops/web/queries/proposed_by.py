"""Whether a queue item was proposed for someone rather than entered by them: by an agent through an API token
(the MCP proposal tools) or by the assistant on a person's confirmation. Review pages show it beside the item."""

from __future__ import annotations

from sqlalchemy import Engine, select

from partnerops.assistant.proposal_log import assistant_proposals
from partnerops.store.mcp_tables import mcp_proposals
from partnerops.store.tables import users

__all__ = ["ProposedBy"]


class ProposedBy:
    """Called with a queue item's id in a template: 'proposed by an agent for EMAIL', 'proposed by the assistant
    for EMAIL', or '' for an item a person entered. The proposals of the kind are read once, at the first call, so
    a page of 50 items asks the database twice rather than once per item."""

    def __init__(self, engine: Engine, kind: str) -> None:
        self.engine, self.kind = engine, kind
        self._agent: dict[int, str] | None = None
        self._assistant: dict[int, str] | None = None

    def __call__(self, record_id: int) -> str:
        if self._agent is None:
            self._agent = self._agent_proposals()
        email = self._agent.get(int(record_id))
        if email is not None:
            return f"proposed by an agent for {email}"
        if self._assistant is None:
            self._assistant = assistant_proposals(self.engine, self.kind)
        found = self._assistant.get(int(record_id))
        return f"proposed by the assistant for {found}" if found else ""

    def _agent_proposals(self) -> dict[int, str]:
        p = mcp_proposals.c
        query = select(p.record_id, users.c.email).join_from(mcp_proposals, users, users.c.id == p.user_id)
        with self.engine.connect() as conn:
            return {int(record): str(email) for record, email in conn.execute(query.where(p.kind == self.kind))}
