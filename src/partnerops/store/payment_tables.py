"""Paying partners through a provider: one row per payout line and its state, the provider events already
applied, and each partner's payment and tax details (sealed)."""

from __future__ import annotations

from sqlalchemy import (
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
)

from partnerops.store.tables import metadata

__all__ = ["partner_payment_details", "payment_events", "payment_lines"]

# One payout batch item as a provider pays it: pending -> sending -> sent | failed -> reconciled. `idempotency_key`
# changes only when the provider said no for certain, so a retry after an unknown outcome can never pay twice.
payment_lines = Table(
    "payment_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("commission_payout_batches.id"), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("provider", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("idempotency_key", String(120), nullable=False, unique=True),
    Column("attempts", Integer, nullable=False),
    Column("hold_until", Date, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    # Who holds a line in `sending` and since when: a claim older than the lease is taken over by a retry.
    Column("claim", String(40)),
    Column("claimed_at", DateTime(timezone=True)),
    Column("provider_ref", String(200)),
    Column("last_error", Text),
    Column("confirmed_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("batch_id", "partner_id", "currency", name="uq_payment_lines_item"),
    Index("ix_payment_lines_state", "state", "next_attempt_at"),
)

# Every provider event applied once: a repeated delivery finds its id here and changes nothing.
payment_events = Table(
    "payment_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("provider", String(16), nullable=False),
    Column("event_id", String(200), nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("line_id", Integer, ForeignKey("payment_lines.id")),
    Column("outcome", String(40), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("provider", "event_id", name="uq_payment_events_event"),
)

# Where and how a partner is paid and its tax identity, sealed under PARTNEROPS_SECRET_KEY (sync/sealing.py).
partner_payment_details = Table(
    "partner_payment_details",
    metadata,
    Column("partner_id", Integer, ForeignKey("partners.id"), primary_key=True),
    Column("sealed", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
)
