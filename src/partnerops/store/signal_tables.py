"""Trackers (versioned phrase sets) and the signals found by scanning conversations with them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from partnerops.store.tables import metadata

trackers = Table(
    "trackers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    # partner, integration, marketplace, implementation_partner, competitor, theme
    Column("kind", String(32), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    Column("current_version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

tracker_versions = Table(
    "tracker_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tracker_id", Integer, ForeignKey("trackers.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    # {"aliases": [...], "exclusions": [...], "whole_word": bool, "case_sensitive": bool, "speaker": "..."}
    Column("rules", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("tracker_id", "version", name="uq_tracker_versions_key"),
)

signals = Table(
    "signals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    # Character offset of the hit in the file's utterances joined by newlines: stable for the same file.
    Column("offset", Integer, nullable=False),
    Column("source_format", String(16), nullable=False),
    Column("tracker_id", Integer, ForeignKey("trackers.id"), nullable=False, index=True),
    # The tracker version that first found the signal; `tracker_versions` lists every version that found it.
    Column("tracker_version", Integer, nullable=False),
    Column("tracker_versions", JSON),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    Column("phrase", String(300), nullable=False),
    Column("snippet", Text, nullable=False),
    Column("speaker", String(200), nullable=False),
    Column("side", String(16), nullable=False),
    Column("at_seconds", Float),
    Column("occurred_at", DateTime(timezone=True)),
    Column("account_id", Integer, ForeignKey("accounts.id"), index=True),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), index=True),
    # How the deal was found: crm_opportunity, crm_account, email_domain; None when unlinked.
    Column("linked_by", String(32)),
    Column("touch_id", Integer, ForeignKey("touches.id"), index=True),  # the touch each signal proposes (0037)
    # The email thread the signal's message belongs to (a digest of its first References id, else its own
    # Message-ID): one conversation. Null when the whole file is one conversation (a call, a transcript).
    Column("thread", String(64)),
    # Said in text an email reply quotes from an earlier message: shown and counted apart, proposes no touch
    # unless asked.
    Column("quoted", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # A signal is a place in a file's content found by a tracker, whichever of its versions found it.
    UniqueConstraint("file_sha256", "offset", "tracker_id", name="uq_signals_place"),
    Index("ix_signals_file_sha256", "file_sha256"),
)

# Who took part, by the organisation their speaker label names ("Greg K | Lido"): kept apart from what was said.
participant_affiliations = Table(
    "participant_affiliations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    # The conversation's number within its file (an mbox holds many), and its email thread when it is one.
    Column("conversation", Integer, nullable=False),
    Column("thread", String(64)),
    Column("speaker", String(200), nullable=False),
    Column("organisation", String(300), nullable=False),
    # The tracker (and its partner) whose alias the organisation names; null when it names none.
    Column("tracker_id", Integer, ForeignKey("trackers.id")),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("file_sha256", "conversation", "speaker", "organisation", name="uq_participant_affiliations"),
)
