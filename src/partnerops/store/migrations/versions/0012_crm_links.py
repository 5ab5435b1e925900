"""HubSpot deal-company associations and pipeline stages

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DELETABLE = ("partners", "accounts", "opportunities", "touches")


def _source_key() -> list[sa.Column[object]]:
    return [sa.Column("source_system", sa.String(length=32), nullable=False),
            sa.Column("external_id", sa.String(length=128), nullable=False)]


def _timestamps() -> list[sa.Column[object]]:
    return [sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
            for name in ("created_at", "updated_at")]


def upgrade() -> None:
    op.create_table(
        "deal_companies",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        sa.Column("deal_id", sa.String(length=128), nullable=False),
        sa.Column("company_id", sa.String(length=128), nullable=False),
        sa.Column("type_id", sa.String(length=32), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_deal_companies_source_key"),
    )
    op.create_index("ix_deal_companies_deal", "deal_companies", ["source_system", "deal_id"])
    op.create_table(
        "deal_stages",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        sa.Column("pipeline_id", sa.String(length=128), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("probability", sa.String(length=16), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_deal_stages_source_key"),
    )
    for table in DELETABLE:
        where = sa.text("deleted_at IS NOT NULL")
        op.create_index(f"ix_{table}_deleted", table, ["source_system", "external_id"],
                        sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for table in DELETABLE:
        op.drop_index(f"ix_{table}_deleted", table_name=table)
    op.drop_table("deal_stages")
    op.drop_table("deal_companies")
