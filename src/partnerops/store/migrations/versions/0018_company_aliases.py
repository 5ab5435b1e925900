"""Company aliases: other names of our accounts and of partners' accounts, and the names confirmed matches teach

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("aliases", sa.Text(), nullable=True))
    with op.batch_alter_table("partner_accounts") as batch:
        batch.add_column(sa.Column("aliases", sa.Text(), nullable=True))
    op.create_table(
        "account_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.Column("match_id", sa.Integer(), sa.ForeignKey("account_matches.id", ondelete="SET NULL"), nullable=True),
        sa.Column("taught_by", sa.String(length=200), nullable=False),
        sa.Column("taught_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("account_id", "alias_key", name="uq_account_aliases_account_key"),
    )


def downgrade() -> None:
    op.drop_table("account_aliases")
    with op.batch_alter_table("partner_accounts") as batch:
        batch.drop_column("aliases")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("aliases")
