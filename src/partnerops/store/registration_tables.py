"""Deal registrations and the outbound mail queue (mail is sent by a worker, never lost if SMTP is down)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from partnerops.store.tables import metadata

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("submitted_by", Integer, ForeignKey("users.id")),
    Column("company_name", String(200), nullable=False),
    Column("domain", String(253)),
    Column("contact_name", String(200)),
    Column("contact_email", String(320)),
    Column("estimated_amount_minor", BigInteger),
    Column("currency", String(3)),
    Column("estimated_close_on", Date),
    Column("notes", Text),
    # pending, approved, rejected, expired
    Column("status", String(16), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id")),
    # The conflicts found on submission: a list of {"rule", "detail", ...} objects.
    Column("conflicts", JSON, nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("respond_by", DateTime(timezone=True), nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("extension_requested_at", DateTime(timezone=True)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Integer, ForeignKey("users.id")),
    Column("decision_reason", Text),
    # The queue's default view (pending, soonest response due first) and its sort by estimate (revision 0035).
    Index("ix_registrations_status_respond_by", "status", "respond_by", "id"),
    Index("ix_registrations_status_estimate", "status", "estimated_amount_minor", "id"),
)

outbound_emails = Table(
    "outbound_emails",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("to_address", String(320), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    # queued, sent, dead (gave up after the retries; can be replayed)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
)
