"""Idempotency keys of API record writes: a retried write with the same key answers what the first one did."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, UniqueConstraint

from partnerops.store.tables import metadata

__all__ = ["write_keys"]

write_keys = Table(
    "write_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    # The caller's user id: a key is the user's own.
    Column("user_id", Integer, nullable=False),
    Column("key", String(255), nullable=False),
    # SHA-256 of the method, path and body: the same key with another request is refused, never reused.
    Column("request_sha256", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("response", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "key", name="uq_write_keys_user_id"),
)
