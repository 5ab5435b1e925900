"""Paying partners through a provider: payment lines and their state, applied provider events, and each partner's
sealed payment and tax details.

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("commission_payout_batches.id"), nullable=False),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False, unique=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("hold_until", sa.Date(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("claim", sa.String(length=40)),
        sa.Column("claimed_at", sa.DateTime(timezone=True)),
        sa.Column("provider_ref", sa.String(length=200)),
        sa.Column("last_error", sa.Text()),
        sa.Column("confirmed_on", sa.Date()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("batch_id", "partner_id", "currency", name="uq_payment_lines_item"),
    )
    op.create_index("ix_payment_lines_partner_id", "payment_lines", ["partner_id"])
    op.create_index("ix_payment_lines_state", "payment_lines", ["state", "next_attempt_at"])
    op.create_table(
        "payment_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("line_id", sa.Integer(), sa.ForeignKey("payment_lines.id")),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("provider", "event_id", name="uq_payment_events_event"),
    )
    op.create_table(
        "partner_payment_details",
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id"), primary_key=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("partner_payment_details")
    op.drop_table("payment_events")
    op.drop_index("ix_payment_lines_state", table_name="payment_lines")
    op.drop_index("ix_payment_lines_partner_id", table_name="payment_lines")
    op.drop_table("payment_lines")
