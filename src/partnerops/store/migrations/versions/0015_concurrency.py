"""Named locks for state changes no single row owns (registration conflicts, login attempt counting), and sign-in
attempts recorded before their password is checked (succeeded unknown until then)

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
    with op.batch_alter_table("login_attempts") as batch:
        batch.alter_column("succeeded", existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE login_attempts SET succeeded = false WHERE succeeded IS NULL")
    with op.batch_alter_table("login_attempts") as batch:
        batch.alter_column("succeeded", existing_type=sa.Boolean(), nullable=False)
    op.drop_table("app_locks")
