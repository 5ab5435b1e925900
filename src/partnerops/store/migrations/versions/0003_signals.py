"""trackers, tracker versions and conversation signals

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trackers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_trackers_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trackers")),
        sa.UniqueConstraint("name", name=op.f("uq_trackers_name")),
    )
    op.create_index(op.f("ix_trackers_partner_id"), "trackers", ["partner_id"], unique=False)
    op.create_table(
        "tracker_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["tracker_id"], ["trackers.id"], name=op.f("fk_tracker_versions_tracker_id_trackers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracker_versions")),
        sa.UniqueConstraint("tracker_id", "version", name="uq_tracker_versions_key"),
    )
    _create_signals()


def _create_signals() -> None:
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.Column("tracker_version", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("phrase", sa.String(length=300), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("at_seconds", sa.Float(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("opportunity_id", sa.Integer(), nullable=True),
        sa.Column("linked_by", sa.String(length=32), nullable=True),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tracker_id"], ["trackers.id"], name=op.f("fk_signals_tracker_id_trackers")),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_signals_partner_id_partners")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_signals_account_id_accounts")),
        sa.ForeignKeyConstraint(["opportunity_id"], ["opportunities.id"],
                                name=op.f("fk_signals_opportunity_id_opportunities")),
        sa.ForeignKeyConstraint(["touch_id"], ["touches.id"], name=op.f("fk_signals_touch_id_touches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
        sa.UniqueConstraint("file_sha256", "offset", "tracker_id", "tracker_version", name="uq_signals_key"),
    )
    for column in ("tracker_id", "partner_id", "account_id", "opportunity_id"):
        op.create_index(op.f(f"ix_signals_{column}"), "signals", [column], unique=False)
    op.create_index("ix_signals_file_sha256", "signals", ["file_sha256"], unique=False)


def downgrade() -> None:
    op.drop_table("signals")
    op.drop_table("tracker_versions")
    op.drop_index(op.f("ix_trackers_partner_id"), table_name="trackers")
    op.drop_table("trackers")
