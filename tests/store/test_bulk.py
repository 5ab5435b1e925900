"""Bulk inserts through the driver: a column empty in every row stores nulls, and an explicit null is never
swapped for a column's default."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import Engine, select

from partnerops.store.bulk import ROWS_PER_INSERT, insert_frame
from partnerops.store.tables import accounts


def test_columns_empty_in_every_row_are_stored_as_nulls(engine: Engine) -> None:
    rows = pl.DataFrame({"source_system": ["csv", "csv"], "external_id": ["A1", "A2"], "name": ["Acme", "Bolt"],
                         "domain": pl.Series([None, None], dtype=pl.String), "segment": [None, None]})
    with engine.begin() as conn:
        insert_frame(conn, accounts, rows)
        stored = conn.execute(select(accounts.c.external_id, accounts.c.domain, accounts.c.segment,
                                     accounts.c.created_at.is_not(None)).order_by(accounts.c.external_id)).all()
    assert [tuple(row) for row in stored] == [("A1", None, None, True), ("A2", None, None, True)]


def test_an_explicit_null_is_not_replaced_by_the_columns_default(engine: Engine) -> None:
    rows = pl.DataFrame({"source_system": ["csv"], "external_id": ["A1"], "name": ["Acme"],
                         "updated_at": pl.Series([None], dtype=pl.String)})
    # The driver's own error: rows go to its cursor, past SQLAlchemy.
    with pytest.raises(engine.dialect.loaded_dbapi.IntegrityError), engine.begin() as conn:
        insert_frame(conn, accounts, rows)


def test_rows_of_several_multi_row_statements_and_a_remainder_all_land_with_their_own_values(engine: Engine) -> None:
    count = 2 * ROWS_PER_INSERT + 7
    rows = pl.DataFrame({"source_system": ["csv"] * count, "external_id": [f"A{i:04d}" for i in range(count)],
                         "name": [f"Account {i}" for i in range(count)],
                         "segment": [None if i % 3 else "SMB" for i in range(count)]})
    with engine.begin() as conn:
        insert_frame(conn, accounts, rows)
        stored = conn.execute(select(accounts.c.external_id, accounts.c.name, accounts.c.segment)
                              .order_by(accounts.c.id)).all()
    assert [tuple(row) for row in stored] == rows.drop("source_system").rows()
