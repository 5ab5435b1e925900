"""The sync tables as the migration creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store import sync_tables
from store.schema_drift import drift


def test_migrated_sync_tables_match_their_declaration(engine: Engine) -> None:
    assert drift(engine, sync_tables.sync_connections, sync_tables.sync_cursors, sync_tables.sync_runs,
                 sync_tables.sync_pushed) == []
