"""Routing: a partner manager may reject a partner's application for a lead, with the reason the partner reads

Revision ID: 0034
Revises: 0033
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("routing_applications") as batch:
        batch.add_column(sa.Column("decided_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("routing_applications") as batch:
        batch.drop_column("reason")
        batch.drop_column("decided_at")
        batch.drop_column("decided_by")
