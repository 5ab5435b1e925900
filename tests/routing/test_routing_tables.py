"""The routing tables as revision 0033 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from partnerops.store.routing_tables import routing_applications, routing_leads, routing_offers, routing_profiles
from partnerops.store.tables import metadata

OURS = {t.name for t in (routing_profiles, routing_leads, routing_offers, routing_applications)}


def _names(change: object) -> set[str]:
    """Every table name a change mentions (directly, or as the table of a column, index or constraint)."""
    names: set[str] = set()
    for item in change if isinstance(change, list) else [change]:
        for part in item[1:] if isinstance(item, tuple) else ():
            table = getattr(part, "table", None)
            names |= {str(table.name)} if table is not None else set()
            names |= {part} if isinstance(part, str) else {str(getattr(part, "name", ""))}
    return names


def test_migrated_routing_tables_match_their_declaration(engine: Engine) -> None:
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [c for c in changes if OURS & _names(c)] == []
