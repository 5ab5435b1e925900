"""Cloud marketplace transactions (AWS Marketplace, Microsoft commercial marketplace, Google Cloud Marketplace):
what a buyer was billed through a marketplace, the marketplace's fee and when the seller was paid."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from partnerops.store.tables import _deleted, _source_key, _timestamps, metadata

__all__ = ["marketplace_transactions"]

# One billed line: `amount_minor` billed to the buyer (or refunded to it, by `entry`), `fee` the marketplace kept (minor
# units), `disbursed_on` when the marketplace paid it out (None until then). `partner_id` is the reseller of a
# channel / partner private offer; with `opportunity_id` it makes a marketplace_transaction touch.
marketplace_transactions = Table(
    "marketplace_transactions",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("marketplace", String(8), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id")),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    # public | private | channel_private
    Column("offer_type", String(16), nullable=False),
    Column("offer_id", String(128)),
    # charge | refund: a refund's amount and fee are kept positive and count against the charges.
    Column("entry", String(8), nullable=False),
    Column("product", String(200)),
    Column("transacted_on", Date, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("fee", BigInteger),
    Column("currency", String(3), nullable=False),
    Column("disbursed_on", Date),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_marketplace_transactions_source_key"),
    Index("ix_marketplace_transactions_account", "account_id", "transacted_on"),
)
