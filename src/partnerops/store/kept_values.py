"""The stored values of a few fields of some records, found by source system and external id: what an import
keeps when a file gives a field in a form it cannot read."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy import Connection, Table, select

from partnerops.store.bulk import column_in


def stored_values(conn: Connection, table: Table, source_system: str, external_ids: Sequence[str],
                  columns: Sequence[str]) -> pl.DataFrame:
    """[external_id, *columns] of the stored records among `external_ids` (columns typed as Polars infers)."""
    query = select(table.c.external_id, *(table.c[c] for c in columns)).where(
        table.c.source_system == source_system, column_in(conn, table.c.external_id, list(external_ids)))
    found = conn.execute(query).all() if external_ids else []
    frame = pl.DataFrame([tuple(row) for row in found], schema=["external_id", *columns], orient="row")
    return frame.with_columns(pl.col("external_id").cast(pl.String))
