"""Named locks for state changes no single row owns (registration conflicts, login attempt counting)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_locks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.UniqueConstraint("name", name="uq_app_locks_name"),
    )


def downgrade() -> None:
    op.drop_table("app_locks")
