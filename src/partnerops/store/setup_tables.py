"""The one-time setup of an empty installation: a single row whose primary key lets exactly one setup finish."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table

from partnerops.store.tables import metadata

SETUP_ROW = 1

setup_state = Table(
    "setup_state",
    metadata,
    # Always SETUP_ROW: a second concurrent setup fails on the key instead of creating a second admin.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("admin_email", String(320), nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=False),
)
