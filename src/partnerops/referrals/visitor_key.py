"""The installation's key for hashing visitors' addresses: made once, on first use, and kept in the database, so
a stored hash cannot be reversed by hashing every possible address without it."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from partnerops.store.portal_tables import site_secrets

__all__ = ["VISITOR_KEY", "visitor_key"]

VISITOR_KEY = "referral_visitor_key"


def visitor_key(conn: Connection) -> bytes:
    """The key, made now if there is none; two first clicks at once agree on the one stored first."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    made = {"name": VISITOR_KEY, "value": secrets.token_hex(32), "created_at": datetime.now(UTC)}
    conn.execute(insert(site_secrets).values(**made).on_conflict_do_nothing(index_elements=["name"]))
    stored = conn.execute(select(site_secrets.c.value).where(site_secrets.c.name == VISITOR_KEY)).scalar_one()
    return bytes.fromhex(stored)
