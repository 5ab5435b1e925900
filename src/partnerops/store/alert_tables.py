"""Alert rules on conversation signals and their deliveries (webhook and mail), with dead letters."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from partnerops.store.tables import metadata

alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("current_version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # A removed rule is evaluated no more; its deliveries (and their history) stay.
    Column("removed_at", DateTime(timezone=True)),
)

alert_rule_versions = Table(
    "alert_rule_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    # The rule's conditions and destinations as validated by signals.alert_rules.AlertRule.
    Column("definition", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("rule_id", "version", name="uq_alert_rule_versions_key"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id"), nullable=False, index=True),
    Column("rule_version", Integer, nullable=False),
    # What fired the rule: "signal" or "touch", and its id (one delivery per rule, subject and destination).
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", Integer, nullable=False),
    # webhook (this table is its outbox) or email (handed to the mail queue: mail_id).
    Column("channel", String(16), nullable=False),
    Column("destination", String(2000), nullable=False),
    Column("payload", JSON, nullable=False),
    # pending, sent, dead (webhook); mailed (email, see outbound_emails for its delivery)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("mail_id", Integer, ForeignKey("outbound_emails.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("rule_id", "subject_kind", "subject_id", "channel", "destination",
                     name="uq_alert_deliveries_key"),
    Index("ix_alert_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
)
