"""Idempotency keys of registration submissions: a retried POST with the same key returns the first registration."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint

from partnerops.store.tables import metadata

__all__ = ["registration_keys"]

registration_keys = Table(
    "registration_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    # The principal's user id: a key is the user's own, so two users may pick the same one.
    Column("user_id", Integer, nullable=False),
    Column("key", String(255), nullable=False),
    # SHA-256 of the submission as read; the same key with another body is refused, never silently reused.
    Column("body_sha256", String(64), nullable=False),
    Column("registration_id", Integer, ForeignKey("registrations.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "key", name="uq_registration_keys_user_key"),
)
