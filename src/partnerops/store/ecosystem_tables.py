"""Revenue after the deal: recurring revenue per account over time, go-live and first-usage events, and program
costs per partner besides commissions and MDF (the ecosystem report reads them)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from partnerops.store.tables import _deleted, _source_key, _timestamps, metadata

__all__ = ["program_costs", "revenue_periods", "value_events"]

# One billed stretch of recurring revenue (an invoice's service period, a subscription's term): `amount_minor`
# per `interval` from `starts_on` until `ends_on` (exclusive; None while it runs). Movements (new, expansion,
# contraction, churn, renewal) are read from how an account's monthly level changes (ecosystem/movements.py).
revenue_periods = Table(
    "revenue_periods",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("subscription", String(128)),
    Column("product", String(200)),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    # month | quarter | year: what one `amount_minor` pays for.
    Column("interval", String(8), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_revenue_periods_source_key"),
    Index("ix_revenue_periods_account", "account_id", "starts_on"),
)

# go_live | first_usage: the customer got value (time to first value runs from the close to the first of them).
value_events = Table(
    "value_events",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("type", String(16), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("note", Text),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_value_events_source_key"),
)

# What the program spent on a partner besides commissions paid and MDF reimbursed (events, headcount, tools).
program_costs = Table(
    "program_costs",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("incurred_on", Date, nullable=False),
    Column("category", String(64), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("note", Text),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_program_costs_source_key"),
)
