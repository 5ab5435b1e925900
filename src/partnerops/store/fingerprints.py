"""The stored import fingerprints (see ingest/fingerprints.py): whether a table's can be trusted (its column exists
and the trigger that clears a record's fingerprint when anything but an import writes it is in place; a table rebuilt
by a later migration loses it), and a narrow read of them."""

from __future__ import annotations

import json

import polars as pl
from sqlalchemy import ColumnElement, Connection, Table, func, select, text

from partnerops.store.bulk import column_in, fetch_rows

FINGERPRINT = "import_fingerprint"


def trigger_name(table: Table) -> str:
    """As revision 0020 names it."""
    return f"{table.name}_import_fingerprint_stale"


def fingerprints_guarded(conn: Connection, table: Table) -> bool:
    """True when `table` keeps fingerprints and its stale-fingerprint trigger exists on this database."""
    if FINGERPRINT not in table.c:
        return False
    if conn.dialect.name == "postgresql":
        query = text("SELECT count(*) FROM pg_trigger WHERE tgname = :name AND tgrelid = CAST(:table AS regclass)")
    else:
        query = text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :name "
                     "AND tbl_name = :table")
    return bool(conn.execute(query, {"name": trigger_name(table), "table": table.name}).scalar_one())


def any_fingerprint(conn: Connection, table: Table, source_system: str) -> bool:
    """Whether a record of `source_system` has a fingerprint (answered at the first one found)."""
    found = select(table.c.id).where(table.c.source_system == source_system, table.c[FINGERPRINT].is_not(None))
    return conn.execute(found.limit(1)).first() is not None


def stored_fingerprints(conn: Connection, table: Table, source_system: str, external_ids: list[str]) -> pl.DataFrame:
    """[external_id, fingerprint] of the live records among `external_ids` that have one (and, on SQLite, maybe
    of others between them): one narrow read through the driver, no other column of the record fetched."""
    schema: dict[str, pl.DataType] = {"external_id": pl.String(), "fingerprint": pl.Int64()}
    if not external_ids:
        return pl.DataFrame(schema=schema)
    live = [table.c.source_system == source_system, table.c[FINGERPRINT].is_not(None)]
    if "deleted_at" in table.c:
        live.append(table.c.deleted_at.is_(None))
    low, high = min(external_ids), max(external_ids)
    if conn.dialect.name == "sqlite" and _dense(conn, table, source_system, (low, high), len(external_ids)):
        # Walking the key index between the lowest and highest id costs half what looking up each id does.
        live.append(table.c.external_id.between(low, high))
    else:
        live.append(column_in(conn, table.c.external_id, external_ids))
    if conn.dialect.name == "sqlite":
        return _as_two_arrays(conn, table, live, schema)
    return pl.DataFrame(fetch_rows(conn, select(table.c.external_id, table.c[FINGERPRINT]).where(*live)),
                        schema=schema, orient="row")


def _as_two_arrays(conn: Connection, table: Table, where: list[ColumnElement[bool]],
                   schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows as SQLite's two JSON arrays (one aggregate goes over the rows once, so they align), decoded in C:
    a row costs a tenth of what a fetched tuple of a text and an integer does."""
    query = select(func.json_group_array(table.c.external_id), func.json_group_array(table.c[FINGERPRINT]))
    keys, fingerprints = conn.execute(query.where(*where)).one()
    return pl.DataFrame({"external_id": json.loads(keys), "fingerprint": json.loads(fingerprints)}, schema=schema)


def _dense(conn: Connection, table: Table, source_system: str, bounds: tuple[str, str], wanted: int) -> bool:
    """Whether at most twice `wanted` records have ids within `bounds` (a sorted export's chunk): counted on
    the key index, and never further than that."""
    within = select(table.c.id).where(table.c.source_system == source_system,
                                      table.c.external_id.between(*bounds)).limit(2 * wanted + 1)
    return int(conn.execute(select(func.count()).select_from(within.subquery())).scalar_one()) <= 2 * wanted
