"""The marketplace table as revision 0031 creates it is the table the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store.marketplace_tables import marketplace_transactions
from store.schema_drift import drift


def test_migrated_marketplace_table_matches_its_declaration(engine: Engine) -> None:
    assert drift(engine, marketplace_transactions) == []
