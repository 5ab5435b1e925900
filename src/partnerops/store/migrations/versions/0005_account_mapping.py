"""partner account lists, match decisions and sharing levels

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("segment", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_partner_accounts_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_accounts")),
        sa.UniqueConstraint("source_system", "external_id", name="uq_partner_accounts_source_key"),
    )
    op.create_index(op.f("ix_partner_accounts_partner_id"), "partner_accounts", ["partner_id"], unique=False)
    op.create_table(
        "account_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("partner_account_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_account_matches_account_id_accounts")),
        sa.ForeignKeyConstraint(["partner_account_id"], ["partner_accounts.id"],
                                name=op.f("fk_account_matches_partner_account_id_partner_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_account_matches_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_matches")),
        sa.UniqueConstraint("partner_account_id", "account_id", name="uq_account_matches_pair"),
    )
    op.create_index("ix_account_matches_partner_status", "account_matches", ["partner_id", "status"], unique=False)
    op.create_table(
        "mapping_sharing",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_mapping_sharing_partner_id_partners")),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_mapping_sharing")),
    )


def downgrade() -> None:
    op.drop_table("mapping_sharing")
    op.drop_index("ix_account_matches_partner_status", table_name="account_matches")
    op.drop_table("account_matches")
    op.drop_index(op.f("ix_partner_accounts_partner_id"), table_name="partner_accounts")
    op.drop_table("partner_accounts")
