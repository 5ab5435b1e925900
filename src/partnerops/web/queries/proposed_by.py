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
    for EMAIL', or '' for an item a person entered. The assistant's proposals of the kind are read once."""

    def __init__(self, engine: Engine, kind: str) -> None:
        self.engine, self.kind = engine, kind
        self._assistant: dict[int, str] | None = None

    def __call__(self, record_id: int) -> str:
        p = mcp_proposals.c
        query = select(users.c.email).join_from(mcp_proposals, users, users.c.id == p.user_id)
        with self.engine.connect() as conn:
            email = conn.execute(query.where(p.kind == self.kind, p.record_id == record_id)).scalar_one_or_none()
        if email is not None:
            return f"proposed by an agent for {email}"
        if self._assistant is None:
            self._assistant = assistant_proposals(self.engine, self.kind)
        found = self._assistant.get(int(record_id))
        return f"proposed by the assistant for {found}" if found else ""
