"""Recurring revenue periods, go-live and first-usage events, and program costs per partner

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def _source_key() -> list[sa.Column]:
    return [sa.Column("source_system", sa.String(length=32), nullable=False),
            sa.Column("external_id", sa.String(length=128), nullable=False)]


def _tail(table: str) -> list[sa.Column | sa.UniqueConstraint]:
    """Deleted mark, timestamps and the source key's uniqueness, as every imported table has them."""
    return [sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
            *[sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
              for name in ("created_at", "updated_at")],
            sa.UniqueConstraint("source_system", "external_id", name=f"uq_{table}_source_key")]


def _fk(table: str, column: str, target: str) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{column}_{target}"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "revenue_periods",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        _fk("revenue_periods", "account_id", "accounts"),
        sa.Column("subscription", sa.String(length=128), nullable=True),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        *_tail("revenue_periods"),
    )
    op.create_index("ix_revenue_periods_account", "revenue_periods", ["account_id", "starts_on"])
    op.create_table(
        "value_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        _fk("value_events", "account_id", "accounts"),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_tail("value_events"),
    )
    op.create_index("ix_value_events_account_id", "value_events", ["account_id"])
    op.create_table(
        "program_costs",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_source_key(),
        _fk("program_costs", "partner_id", "partners"),
        sa.Column("incurred_on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_tail("program_costs"),
    )
    op.create_index("ix_program_costs_partner_id", "program_costs", ["partner_id"])


def downgrade() -> None:
    op.drop_table("program_costs")
    op.drop_table("value_events")
    op.drop_table("revenue_periods")
