"""The payment tables as revision 0030 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from partnerops.store import payment_tables
from partnerops.store.tables import metadata

TABLES = {t.name for t in (payment_tables.payment_lines, payment_tables.payment_events,
                           payment_tables.partner_payment_details)}  # fmt: skip


def _tables_named(change: object) -> set[str]:
    items = change if isinstance(change, list) else [change]
    names: set[str] = set()
    for item in items:
        for part in item[1:] if isinstance(item, tuple) else ():
            table = getattr(part, "table", None)
            names |= {str(table.name)} if table is not None else set()
            names |= {part} if isinstance(part, str) else {str(getattr(part, "name", ""))}
    return names


def test_migrated_payment_tables_match_their_declaration(engine: Engine) -> None:
    with engine.connect() as conn:
        changes = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [c for c in changes if _tables_named(c) & TABLES] == []
