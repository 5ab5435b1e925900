"""CRM connections and their sync state: encrypted credentials, a cursor per object, each run with its counts, and
the values last written back to the CRM (what makes a push idempotent and a CRM edit a conflict)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from partnerops.store.tables import metadata

__all__ = ["sync_connections", "sync_cursors", "sync_pushed", "sync_runs"]

sync_connections = Table(
    "sync_connections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    # salesforce or hubspot
    Column("crm", String(16), nullable=False),
    # refresh_token, client_credentials (Salesforce); private_app, refresh_token (HubSpot)
    Column("auth", String(32), nullable=False),
    # The instance URL (Salesforce) or API base (HubSpot), and the OAuth token endpoint.
    Column("base_url", String(500), nullable=False),
    Column("token_url", String(500)),
    # Client id, client secret, refresh token, access token: sealed with PARTNEROPS_SECRET_KEY, never in clear.
    Column("sealed_secrets", Text, nullable=False),
    # The versioned field-mapping YAML file this connection reads and writes through.
    Column("mapping_path", String(1000)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

sync_cursors = Table(
    "sync_cursors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("connection_id", Integer, ForeignKey("sync_connections.id", ondelete="CASCADE"), nullable=False),
    # The CRM object (Opportunity, deals) and the modification stamp of the last committed page, as the CRM wrote it.
    Column("object", String(64), nullable=False),
    Column("stamp", String(40), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("connection_id", "object", name="uq_sync_cursors_connection_object"),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("connection_id", Integer, ForeignKey("sync_connections.id", ondelete="CASCADE"), nullable=False,
           index=True),
    # pull or push; running, finished, failed or dry_run
    Column("direction", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("full", Boolean, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    # A running run extends this as it commits pages; another run of the connection waits until it has passed.
    Column("lease_until", DateTime(timezone=True)),
    # object -> {inserted, updated, deleted, quarantined, skipped, ...}
    Column("counts", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
    Column("actor", String(200), nullable=False),
)

sync_pushed = Table(
    "sync_pushed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("connection_id", Integer, ForeignKey("sync_connections.id", ondelete="CASCADE"), nullable=False),
    # The CRM record (Opportunity id, deal id) and field, and the value PartnerOps last wrote there.
    Column("external_id", String(128), nullable=False),
    Column("field", String(100), nullable=False),
    Column("value", Text),
    Column("pushed_at", DateTime(timezone=True), nullable=False),
    # The last failed or refused write of this field (a conflict with a CRM edit, a rejected value); None once written.
    Column("problem", Text),
    Column("wanted", Text),
    UniqueConstraint("connection_id", "external_id", "field", name="uq_sync_pushed_record_field"),
)
