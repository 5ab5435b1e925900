"""What differs between the migrated database and the tables the code declares, for some tables: each area's
test that its revision creates exactly its declared tables asks this."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, Table

from partnerops.store.tables import metadata


def drift(engine: Engine, *tables: Table) -> list[object]:
    """Alembic's differences between ENGINE's schema and the declaration that touch any of TABLES."""
    ours = {table.name for table in tables}
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    return [change for change in changes if ours & _tables_named(change)]


def _tables_named(change: object) -> set[str]:
    """Every table name a change mentions (directly, or as the table of a column, index or constraint)."""
    names: set[str] = set()
    for item in change if isinstance(change, list) else [change]:
        for part in item[1:] if isinstance(item, tuple) else ():
            table = getattr(part, "table", None)
            names |= {str(table.name)} if table is not None else set()
            names |= {part} if isinstance(part, str) else {str(getattr(part, "name", ""))}
    return names
