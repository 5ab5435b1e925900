"""The marketplace table as revision 0031 creates it is the table the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from partnerops.store.marketplace_tables import marketplace_transactions
from partnerops.store.tables import metadata


def _names(change: object) -> set[str]:
    """Every table name a change mentions (directly, or as the table of a column, index or constraint)."""
    names: set[str] = set()
    for item in change if isinstance(change, list) else [change]:
        for part in item[1:] if isinstance(item, tuple) else ():
            table = getattr(part, "table", None)
            names |= {str(table.name)} if table is not None else set()
            names |= {part} if isinstance(part, str) else {str(getattr(part, "name", ""))}
    return names


def test_migrated_marketplace_table_matches_its_declaration(engine: Engine) -> None:
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [c for c in changes if marketplace_transactions.name in _names(c)] == []
