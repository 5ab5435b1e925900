"""Import conflicts: a shared field that both a re-import and a decision made in PartnerOps changed, kept with
the three values (last imported, ours, the file's) until a person decides which one stays."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from partnerops.store.tables import metadata

import_conflicts = Table(
    "import_conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    # The record: its table ("partners", "touches"), id there, and key in the source system.
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("source_system", String(32), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("field", String(64), nullable=False),
    # base: the value last imported; ours: the value PartnerOps holds; theirs: the re-imported file's value.
    Column("base", Text),
    Column("ours", Text),
    Column("theirs", Text),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    # open, resolved, or superseded (a later import changed the same field again: the newer conflict stands).
    Column("status", String(16), nullable=False, server_default="open"),
    Column("kept", String(8)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(200)),
    Column("reason", Text),
    Index("ix_import_conflicts_record", "entity", "entity_id", "field"),
    Index("ix_import_conflicts_status", "status"),
)
