"""The sync tables as the migration creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from partnerops.store import sync_tables
from partnerops.store.tables import metadata

SYNC_TABLES = {t.name for t in (sync_tables.sync_connections, sync_tables.sync_cursors, sync_tables.sync_runs,
                                sync_tables.sync_pushed)}


def _table_of(change: object) -> str | None:
    item = change[0] if isinstance(change, list) else change
    for part in item[1:] if isinstance(item, tuple) else ():
        name = getattr(part, "name", None) if not isinstance(part, str) else None
        table = getattr(part, "table", None)
        if table is not None:
            return str(table.name)
        if name in SYNC_TABLES:
            return str(name)
        if isinstance(part, str) and part in SYNC_TABLES:
            return part
    return None


def test_migrated_sync_tables_match_their_declaration(engine: Engine) -> None:
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [c for c in changes if _table_of(c) in SYNC_TABLES] == []
