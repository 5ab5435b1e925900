"""The Model Context Protocol server's tables: tool calls, agents' proposals, proposals per token and day.

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mcp_tool_calls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("transport", sa.String(length=8), nullable=False),
        sa.Column("tool", sa.String(length=64), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("result_bytes", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
    )
    op.create_index("ix_mcp_tool_calls_user_id", "mcp_tool_calls", ["user_id"])
    op.create_index("ix_mcp_tool_calls_called_at", "mcp_tool_calls", ["called_at", "id"])
    op.create_table(
        "mcp_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tool", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.UniqueConstraint("kind", "record_id", name="uq_mcp_proposals_record"),
    )
    op.create_index("ix_mcp_proposals_user_id", "mcp_proposals", ["user_id"])
    op.create_table(
        "mcp_proposal_counts",
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token_id", "day", name="pk_mcp_proposal_counts"),
    )


def downgrade() -> None:
    op.drop_table("mcp_proposal_counts")
    op.drop_index("ix_mcp_proposals_user_id", table_name="mcp_proposals")
    op.drop_table("mcp_proposals")
    op.drop_index("ix_mcp_tool_calls_called_at", table_name="mcp_tool_calls")
    op.drop_index("ix_mcp_tool_calls_user_id", table_name="mcp_tool_calls")
    op.drop_table("mcp_tool_calls")
