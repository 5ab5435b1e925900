"""Cloud marketplace transactions with their fees, disbursement dates and reseller

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

TABLE = "marketplace_transactions"


def _fk(column: str, target: str, nullable: bool) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{target}.id", name=f"fk_{TABLE}_{column}_{target}"),
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("marketplace", sa.String(length=8), nullable=False),
        _fk("account_id", "accounts", False),
        _fk("opportunity_id", "opportunities", True),
        _fk("partner_id", "partners", True),
        sa.Column("offer_type", sa.String(length=16), nullable=False),
        sa.Column("offer_id", sa.String(length=128), nullable=True),
        sa.Column("entry", sa.String(length=8), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("transacted_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("fee", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        *[sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
          for name in ("created_at", "updated_at")],
        sa.UniqueConstraint("source_system", "external_id", name=f"uq_{TABLE}_source_key"),
    )
    op.create_index("ix_marketplace_transactions_account", TABLE, ["account_id", "transacted_on"])
    op.create_index("ix_marketplace_transactions_partner_id", TABLE, ["partner_id"])


def downgrade() -> None:
    op.drop_table(TABLE)
