"""The ecosystem tables as revision 0027 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from partnerops.store import ecosystem_tables
from partnerops.store.tables import metadata

TABLES = {t.name for t in (ecosystem_tables.revenue_periods, ecosystem_tables.value_events,
                           ecosystem_tables.program_costs)}  # fmt: skip


def _tables_named(change: object) -> set[str]:
    """Every table name a change mentions (directly, or as the table of a column, index or constraint)."""
    items = change if isinstance(change, list) else [change]
    names: set[str] = set()
    for item in items:
        for part in item[1:] if isinstance(item, tuple) else ():
            table = getattr(part, "table", None)
            names |= {str(table.name)} if table is not None else set()
            names |= {part} if isinstance(part, str) else {str(getattr(part, "name", ""))}
    return names


def test_migrated_ecosystem_tables_match_their_declaration(engine: Engine) -> None:
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [c for c in changes if _tables_named(c) & TABLES] == []
