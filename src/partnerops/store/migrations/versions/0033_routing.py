"""Routing: partners' capabilities, regions and capacity; leads, offers with their SLA, and applications

Revision ID: 0033
Revises: 0032
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

OPEN_OFFER = sa.text("status IN ('proposed', 'offered')")
ACCEPTED_OFFER = sa.text("status = 'accepted'")


def _fk(table: str, column: str, target: str, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{column}_{target}"),
                     nullable=nullable)


def _at(name: str, nullable: bool = False, now: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now() if now else None,
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "routing_profiles",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("routing_profiles", "partner_id", "partners"),
        sa.Column("capabilities", sa.Text(), nullable=True),
        sa.Column("regions", sa.Text(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        _at("updated_at", now=True),
        sa.UniqueConstraint("partner_id", name="uq_routing_profiles_partner_id"),
    )
    op.create_table(
        "routing_leads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lead_key", sa.String(length=40), nullable=False),
        _fk("routing_leads", "account_id", "accounts"),
        _fk("routing_leads", "opportunity_id", "opportunities", nullable=True),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("open_for_applications", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        _at("created_at", now=True),
        sa.UniqueConstraint("lead_key", name="uq_routing_leads_lead_key"),
    )
    op.create_index("ix_routing_leads_account_id", "routing_leads", ["account_id"])
    op.create_index("ix_routing_leads_opportunity_id", "routing_leads", ["opportunity_id"])
    op.create_table(
        "routing_offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("routing_offers", "lead_id", "routing_leads"),
        _fk("routing_offers", "partner_id", "partners"),
        sa.Column("status", sa.String(length=16), nullable=False),
        _at("offered_at"),
        sa.Column("offered_by", sa.String(length=200), nullable=False),
        _at("respond_by"),
        _at("decided_at", nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_routing_offers_lead_id", "routing_offers", ["lead_id"])
    op.create_index("ix_routing_offers_partner_id", "routing_offers", ["partner_id"])
    op.create_index("uq_routing_offers_open", "routing_offers", ["lead_id", "partner_id"], unique=True,
                    sqlite_where=OPEN_OFFER, postgresql_where=OPEN_OFFER)
    op.create_index("uq_routing_offers_accepted", "routing_offers", ["lead_id"], unique=True,
                    sqlite_where=ACCEPTED_OFFER, postgresql_where=ACCEPTED_OFFER)
    op.create_table(
        "routing_applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("routing_applications", "lead_id", "routing_leads"),
        _fk("routing_applications", "partner_id", "partners"),
        sa.Column("status", sa.String(length=16), server_default="applied", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("applied_by", sa.String(length=200), nullable=False),
        _at("applied_at"),
        sa.UniqueConstraint("lead_id", "partner_id", name="uq_routing_applications_lead_partner"),
    )
    op.create_index("ix_routing_applications_lead_id", "routing_applications", ["lead_id"])
    op.create_index("ix_routing_applications_partner_id", "routing_applications", ["partner_id"])


def downgrade() -> None:
    op.drop_table("routing_applications")
    op.drop_table("routing_offers")
    op.drop_table("routing_leads")
    op.drop_table("routing_profiles")
