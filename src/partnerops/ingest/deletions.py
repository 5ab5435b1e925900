"""Records the source system deleted or merged away (Salesforce IsDeleted, HubSpot archived or merged deals):
never imported as live; a stored record deleted since the last import is marked deleted, audited and counted; a
deleted record that comes back live is restored. The same file imported twice changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import ColumnElement, Connection, Table, select, update

from partnerops.ingest.checks import REASON
from partnerops.ingest.dedupe import DUPLICATE
from partnerops.ingest.formats import DELETED
from partnerops.ingest.keys import KEY
from partnerops.store.audit import record_changes
from partnerops.store.bulk import column_in

if TYPE_CHECKING:
    from partnerops.ingest.land import LandContext


def split_deleted(conn: Connection, rows: pl.DataFrame, ctx: LandContext) -> tuple[pl.DataFrame, int]:
    """The rows of `rows` that are not deleted, and how many were: each row flagged deleted (stored or not), plus
    each stored record this chunk's surviving deals name as merged into them that was live until now. A deleted
    row needs only its key, so given every checked row, one with other problems is set aside, not quarantined."""
    table = ctx.spec.table
    if DELETED not in rows.columns or "deleted_at" not in table.c:
        return rows, 0
    merged = _merged_ids(rows)
    flagged = pl.col(DELETED) | pl.col(KEY).is_in(pl.Series(merged, dtype=pl.String).implode())
    gone = flagged & pl.col(KEY).is_not_null()
    if DUPLICATE in rows.columns:
        # A repeated key is the first row's record: only that row may delete it.
        gone = gone & pl.col(DUPLICATE).is_null()
    deleted, rest = _split(rows, gone)
    merged_away = sorted(set(merged) - set(rows.get_column(KEY).to_list())) if merged else []
    newly = _mark_deleted(conn, table, [*deleted.get_column(KEY).to_list(), *merged_away], ctx)
    _restore(conn, table, _live_keys(rest), ctx)
    return rest, deleted.height + len(newly & set(merged_away))


def _split(rows: pl.DataFrame, gone: pl.Expr) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the rows `gone` is true for, those it is false for); a chunk with no deleted row is not copied."""
    mask = rows.select(gone).to_series()
    if mask.null_count() == 0 and not mask.any():
        return rows.clear(), rows
    return rows.filter(mask), rows.filter(~mask)


def _live_keys(rows: pl.DataFrame) -> pl.Series:
    """Keys of the rows that will land (a row with an error leaves its stored record as it is)."""
    landing = rows.filter(pl.col(REASON).is_null()) if REASON in rows.columns else rows
    return landing.get_column(KEY).drop_nulls()


def _merged_ids(rows: pl.DataFrame) -> list[str]:
    """The ids HubSpot lists in hs_merged_object_ids (separated by semicolons) of this chunk's rows. A merged deal
    no longer exists on its own, so an export lists it only there, in the same chunk as the deal it went into."""
    if "merged_ids" not in rows.columns:
        return []
    ids = rows.select(pl.col("merged_ids").str.split(";").explode().str.strip_chars()).to_series()
    return ids.filter(ids.is_not_null() & (ids != "")).unique().to_list()


def _mark_deleted(conn: Connection, table: Table, keys: list[str], ctx: LandContext) -> set[str]:
    """Set deleted_at on the stored live records among `keys`, auditing each; returns their external ids."""
    system = ctx.source_system
    if not keys:
        return set()
    live = (table.c.source_system == system) & column_in(conn, table.c.external_id, keys) & table.c.deleted_at.is_(None)
    found = conn.execute(select(table.c.id, table.c.external_id).where(live)).all()
    if not found:
        return set()
    conn.execute(update(table).where(live).values(deleted_at=ctx.at))
    _audit(conn, table, [(row_id, None, ctx.at.isoformat()) for row_id, _ in found], ctx)
    return {external_id for _, external_id in found}


def _restore(conn: Connection, table: Table, keys: pl.Series, ctx: LandContext) -> None:
    """Clear deleted_at on the stored records among `keys` (live again in this export), auditing each."""
    gone = (table.c.source_system == ctx.source_system) & table.c.deleted_at.is_not(None)
    back = _deleted_among(conn, table, gone, keys)
    if not back:
        return
    found = conn.execute(select(table.c.id, table.c.deleted_at).where(gone & column_in(conn, table.c.external_id,
                                                                                       back))).all()
    if not found:
        return
    conn.execute(update(table).where(gone & column_in(conn, table.c.external_id, back)).values(deleted_at=None))
    _audit(conn, table, [(row_id, str(deleted_at), None) for row_id, deleted_at in found], ctx)


def _deleted_among(conn: Connection, table: Table, gone: ColumnElement[bool], keys: pl.Series) -> list[str]:
    """The keys among `keys` of stored records `gone` selects (a superset where there are many). Only deleted
    records are indexed: when there are fewer of them than keys, their keys are read and matched here rather
    than every key looked up; none, and nothing is looked up at all."""
    if keys.len() == 0:
        return []
    stored = conn.execute(select(table.c.external_id).where(gone).limit(keys.len() + 1)).scalars().all()
    if len(stored) > keys.len():
        return keys.to_list()
    return keys.filter(keys.is_in(pl.Series(stored, dtype=pl.String).implode())).to_list()


def _audit(conn: Connection, table: Table, changes: list[tuple[int, str | None, str | None]],
           ctx: LandContext) -> None:
    schema = {"entity_id": pl.Int64, "old_value": pl.String, "new_value": pl.String}
    frame = pl.DataFrame(changes, schema=schema, orient="row").with_columns(pl.lit("deleted_at").alias("field"))
    record_changes(conn, table.name, frame.select("entity_id", "field", "old_value", "new_value"),
                   ctx.options.actor, ctx.at)
