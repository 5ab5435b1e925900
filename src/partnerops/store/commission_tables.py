"""Commission plans, the double-entry ledger, statements, payout batches and disputes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from partnerops.store.tables import metadata

__all__ = [
    "commission_credits",
    "commission_disputes",
    "commission_entries",
    "commission_entry_lines",
    "commission_events",
    "commission_payout_batches",
    "commission_payout_items",
    "commission_plans",
    "metadata",
]

commission_plans = Table(
    "commission_plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", String(64), nullable=False, unique=True),
    Column("effective_from", Date, nullable=False, unique=True),
    Column("digest", String(12), nullable=False),
    # The validated plan as JSON, and the YAML text exactly as loaded.
    Column("document", JSON, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", String(200), nullable=False),
)

# One row per (won deal, partner): what the plan in force made of it, paid or only tracked (and why).
commission_credits = Table(
    "commission_credits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("plan_version", String(64)),
    Column("tier", String(16), nullable=False),
    # accrued (booked in the ledger) or tracked (not paid: `reason` says why)
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("product_line", String(64)),
    Column("closed_on", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("revenue_minor", BigInteger, nullable=False),
    Column("plan_currency", String(3)),
    Column("revenue_plan_minor", BigInteger, nullable=False),
    Column("commission_plan_minor", BigInteger, nullable=False),
    Column("commission_minor", BigInteger, nullable=False),
    # Exact decimal text: the deal-to-plan currency rate at the close date, and the effective commission rate.
    Column("conversion_rate", String(40)),
    Column("rate", String(40)),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("opportunity_id", "partner_id", name="uq_commission_credits_deal_partner"),
)

# A journal entry: accrual, reversal, clawback, adjustment or payout; `key` makes posting idempotent.
commission_entries = Table(
    "commission_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id")),
    Column("credit_id", Integer, ForeignKey("commission_credits.id")),
    Column("booked_on", Date, nullable=False),
    Column("memo", Text, nullable=False),
    Column("reason", Text),
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Debits positive, credits negative: every entry's lines sum to zero per currency.
commission_entry_lines = Table(
    "commission_entry_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("commission_entries.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("account", String(32), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
)

# Refunds and churn imported from finance: they reverse or claw back commissions inside the plan's period.
commission_events = Table(
    "commission_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_system", String(32), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False, index=True),
    Column("type", String(16), nullable=False),
    Column("occurred_on", Date, nullable=False),
    # Blank amount: the whole deal was refunded or churned.
    Column("amount_minor", BigInteger),
    Column("currency", String(3), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_commission_events_source_key"),
)

commission_payout_batches = Table(
    "commission_payout_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    # draft, approved, paid
    Column("status", String(16), nullable=False),
    Column("through", Date, nullable=False),
    Column("pay_on", Date, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("approved_by", String(200)),
    Column("approved_at", DateTime(timezone=True)),
    Column("paid_by", String(200)),
    Column("paid_at", DateTime(timezone=True)),
)

commission_payout_items = Table(
    "commission_payout_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "batch_id", Integer, ForeignKey("commission_payout_batches.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    UniqueConstraint("batch_id", "partner_id", "currency", name="uq_commission_payout_items_key"),
)

commission_disputes = Table(
    "commission_disputes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("entry_id", Integer, ForeignKey("commission_entries.id"), nullable=False),
    # open, accepted, rejected
    Column("status", String(16), nullable=False),
    Column("claim", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("opened_by", String(200), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("resolution", Text),
    Column("resolved_by", String(200)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("adjustment_entry_id", Integer, ForeignKey("commission_entries.id")),
    Index("ix_commission_disputes_status", "status"),
)
