"""Tables of the Model Context Protocol server: every tool call, the proposals agents made, and each token's
proposals per day (the daily limit is a conditional update on that count)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from partnerops.store.tables import metadata

__all__ = ["mcp_proposal_counts", "mcp_proposals", "mcp_tool_calls"]

mcp_tool_calls = Table(
    "mcp_tool_calls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("called_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_id", Integer, ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
    # stdio | http
    Column("transport", String(8), nullable=False),
    Column("tool", String(64), nullable=False),
    # The arguments as the agent sent them, with every value under a secret-like name replaced.
    Column("arguments", JSON, nullable=False),
    # ok | error
    Column("outcome", String(8), nullable=False),
    Column("error", Text),
    Column("result_bytes", Integer, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    # The admin page reads the newest first.
    Index("ix_mcp_tool_calls_called_at", "called_at", "id"),
)

mcp_proposals = Table(
    "mcp_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    # The token's owner: the person on whose behalf the agent proposed.
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_id", Integer, ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
    Column("tool", String(64), nullable=False),
    # registration | touch | tier_review | mdf_request: the queue the proposal waits in, and its row there.
    Column("kind", String(16), nullable=False),
    Column("record_id", Integer, nullable=False),
    UniqueConstraint("kind", "record_id", name="uq_mcp_proposals_record"),
)

mcp_proposal_counts = Table(
    "mcp_proposal_counts",
    metadata,
    Column("token_id", Integer, ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("used", Integer, nullable=False),
    PrimaryKeyConstraint("token_id", "day", name="pk_mcp_proposal_counts"),
)
