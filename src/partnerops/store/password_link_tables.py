"""One-time links that let a person set a password: an invitation (days) or a password reset (an hour)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table

from partnerops.store.tables import metadata

password_links = Table(
    "password_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    # "invitation" or "reset".
    Column("purpose", String(16), nullable=False),
    # Only a SHA-256 of the link's secret is kept: a copy of the database opens no account.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    # Set when the link is used, or voided by a later link, a disable or a delete: it never works twice.
    Column("used_at", DateTime(timezone=True)),
)
