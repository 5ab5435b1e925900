"""commission plans, ledger, statements, payouts and disputes

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, cascade: bool = False) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target}")
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete="CASCADE" if cascade else None)


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def _now(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "commission_payout_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("pay_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_by", sa.String(length=200), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_payout_batches")),
    )
    op.create_table(
        "commission_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("digest", sa.String(length=12), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_plans")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_commission_plans_effective_from")),
        sa.UniqueConstraint("version", name=op.f("uq_commission_plans_version")),
    )
    op.create_table(
        "commission_payout_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        _fk("commission_payout_items", "batch_id", "commission_payout_batches", cascade=True),
        _fk("commission_payout_items", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_payout_items")),
        sa.UniqueConstraint("batch_id", "partner_id", "currency", name="uq_commission_payout_items_key"),
    )
    _index("commission_payout_items", "batch_id")
    _index("commission_payout_items", "partner_id")
    op.create_table(
        "commission_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("plan_version", sa.String(length=64), nullable=True),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("product_line", sa.String(length=64), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("plan_currency", sa.String(length=3), nullable=True),
        sa.Column("revenue_plan_minor", sa.BigInteger(), nullable=False),
        sa.Column("commission_plan_minor", sa.BigInteger(), nullable=False),
        sa.Column("commission_minor", sa.BigInteger(), nullable=False),
        sa.Column("conversion_rate", sa.String(length=40), nullable=True),
        sa.Column("rate", sa.String(length=40), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        _fk("commission_credits", "opportunity_id", "opportunities"),
        _fk("commission_credits", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_credits")),
        sa.UniqueConstraint("opportunity_id", "partner_id", name="uq_commission_credits_deal_partner"),
    )
    _index("commission_credits", "partner_id")
    op.create_table(
        "commission_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _now("created_at"),
        _now("updated_at"),
        _fk("commission_events", "opportunity_id", "opportunities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_events")),
        sa.UniqueConstraint("source_system", "external_id", name="uq_commission_events_source_key"),
    )
    _index("commission_events", "opportunity_id")
    op.create_table(
        "commission_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=True),
        sa.Column("credit_id", sa.Integer(), nullable=True),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        _now("created_at"),
        _fk("commission_entries", "credit_id", "commission_credits"),
        _fk("commission_entries", "opportunity_id", "opportunities"),
        _fk("commission_entries", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_entries")),
        sa.UniqueConstraint("key", name=op.f("uq_commission_entries_key")),
    )
    _index("commission_entries", "partner_id")
    op.create_table(
        "commission_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("adjustment_entry_id", sa.Integer(), nullable=True),
        _fk("commission_disputes", "adjustment_entry_id", "commission_entries"),
        _fk("commission_disputes", "entry_id", "commission_entries"),
        _fk("commission_disputes", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_disputes")),
    )
    _index("commission_disputes", "partner_id")
    op.create_index("ix_commission_disputes_status", "commission_disputes", ["status"], unique=False)
    op.create_table(
        "commission_entry_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        _fk("commission_entry_lines", "entry_id", "commission_entries", cascade=True),
        _fk("commission_entry_lines", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_entry_lines")),
    )
    _index("commission_entry_lines", "entry_id")


def downgrade() -> None:
    op.drop_index(op.f("ix_commission_entry_lines_entry_id"), table_name="commission_entry_lines")
    op.drop_table("commission_entry_lines")
    op.drop_index("ix_commission_disputes_status", table_name="commission_disputes")
    op.drop_index(op.f("ix_commission_disputes_partner_id"), table_name="commission_disputes")
    op.drop_table("commission_disputes")
    op.drop_index(op.f("ix_commission_entries_partner_id"), table_name="commission_entries")
    op.drop_table("commission_entries")
    op.drop_index(op.f("ix_commission_events_opportunity_id"), table_name="commission_events")
    op.drop_table("commission_events")
    op.drop_index(op.f("ix_commission_credits_partner_id"), table_name="commission_credits")
    op.drop_table("commission_credits")
    op.drop_index(op.f("ix_commission_payout_items_partner_id"), table_name="commission_payout_items")
    op.drop_index(op.f("ix_commission_payout_items_batch_id"), table_name="commission_payout_items")
    op.drop_table("commission_payout_items")
    op.drop_table("commission_plans")
    op.drop_table("commission_payout_batches")
