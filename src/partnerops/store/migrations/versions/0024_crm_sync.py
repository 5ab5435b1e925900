"""CRM sync: connections with sealed credentials, a cursor per object, runs, and the values last written back

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_connections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=64), nullable=False, unique=True),
        sa.Column("crm", sa.String(length=16), nullable=False),
        sa.Column("auth", sa.String(length=32), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("token_url", sa.String(length=500), nullable=True),
        sa.Column("sealed_secrets", sa.Text(), nullable=False),
        sa.Column("mapping_path", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sync_cursors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("connection_id", sa.Integer(), sa.ForeignKey("sync_connections.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("stamp", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("connection_id", "object", name="uq_sync_cursors_connection_object"),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("connection_id", sa.Integer(), sa.ForeignKey("sync_connections.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "sync_pushed",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("connection_id", sa.Integer(), sa.ForeignKey("sync_connections.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("wanted", sa.Text(), nullable=True),
        sa.UniqueConstraint("connection_id", "external_id", "field", name="uq_sync_pushed_record_field"),
    )


def downgrade() -> None:
    op.drop_table("sync_pushed")
    op.drop_table("sync_runs")
    op.drop_table("sync_cursors")
    op.drop_table("sync_connections")
