"""Opportunity stage history and line items

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _source_key() -> list[sa.Column]:
    return [sa.Column("source_system", sa.String(length=32), nullable=False),
            sa.Column("external_id", sa.String(length=128), nullable=False)]


def _timestamps() -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
            for name in ("created_at", "updated_at")]


def _deleted() -> sa.Column:
    return sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "stage_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        sa.Column("opportunity_id", sa.Integer(), sa.ForeignKey("opportunities.id",
                  name="fk_stage_history_opportunity_id_opportunities"), nullable=False),
        sa.Column("stage", sa.String(length=100), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("expected_close_on", sa.Date(), nullable=True),
        sa.Column("probability", sa.Numeric(5, 2), nullable=True),
        sa.Column("forecast_category", sa.String(length=40), nullable=True),
        _deleted(),
        *_timestamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_stage_history_source_key"),
    )
    op.create_index("ix_stage_history_opportunity", "stage_history", ["opportunity_id", "changed_on"])
    op.create_table(
        "line_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        sa.Column("opportunity_id", sa.Integer(), sa.ForeignKey("opportunities.id",
                  name="fk_line_items_opportunity_id_opportunities"), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("product_code", sa.String(length=100), nullable=True),
        sa.Column("product_id", sa.String(length=128), nullable=True),
        sa.Column("quantity", sa.String(length=40), nullable=True),
        sa.Column("unit_price", sa.BigInteger(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        _deleted(),
        *_timestamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_line_items_source_key"),
    )
    op.create_index("ix_line_items_opportunity_id", "line_items", ["opportunity_id"])


def downgrade() -> None:
    op.drop_table("line_items")
    op.drop_table("stage_history")
