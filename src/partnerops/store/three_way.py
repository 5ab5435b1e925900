"""The three-way merge of shared fields on re-import: for a field both the source and PartnerOps may change, the
file's value is applied only where the file changed it since the last import and nobody changed it here; where
both changed it, PartnerOps's value stays and the difference is reported as a conflict."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy import Table

AS_IMPORTED = "_as_imported"
OLD = "__old"
_CONFLICT = "__conflict"
CONFLICT_SCHEMA = {"entity_id": pl.Int64, "source_system": pl.String, "external_id": pl.String, "field": pl.String,
                   "base": pl.String, "ours": pl.String, "theirs": pl.String}  # fmt: skip


def shared_fields(table: Table, columns: Sequence[str]) -> list[str]:
    """The columns of `columns` both sides may change: those the table keeps the last imported value of."""
    return [c for c in columns if f"{c}{AS_IMPORTED}" in table.c]


def with_as_imported(rows: pl.DataFrame, shared: Sequence[str]) -> pl.DataFrame:
    """`rows` with each shared field's value, as text, in its `_as_imported` column: what this file holds."""
    return rows.with_columns(pl.col(f).cast(pl.String).alias(f"{f}{AS_IMPORTED}") for f in shared)


def _sides(field: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(theirs, ours, base) of `field` as text: the file's value, the stored value, the value last imported."""
    return (pl.col(field).cast(pl.String), pl.col(f"{field}{OLD}").cast(pl.String),
            pl.col(f"{field}{AS_IMPORTED}{OLD}"))  # fmt: skip


def _file_changed(field: str) -> pl.Expr:
    theirs, _, base = _sides(field)
    return theirs.ne_missing(base)


def _untouched_here(field: str) -> pl.Expr:
    _, ours, base = _sides(field)
    return ours.eq_missing(base)


def _is_conflict(field: str) -> pl.Expr:
    theirs, ours, _ = _sides(field)
    return (_file_changed(field) & ~_untouched_here(field) & ours.ne_missing(theirs)).alias(f"{field}{_CONFLICT}")


def conflicts(known: pl.DataFrame, shared: Sequence[str]) -> pl.DataFrame:
    """One row per shared field of a stored record that both the file and PartnerOps changed (CONFLICT_SCHEMA).

    `known` holds the file's values, the stored ones suffixed `__old` (the `_as_imported` ones too) and `id`."""
    flagged = known.with_columns(_is_conflict(f) for f in shared)
    parts = [
        flagged.filter(pl.col(f"{f}{_CONFLICT}")).select(
            pl.col("id").alias("entity_id"), "source_system", "external_id", pl.lit(f).alias("field"),
            _sides(f)[2].alias("base"), _sides(f)[1].alias("ours"), _sides(f)[0].alias("theirs"),
        )
        for f in shared
    ]  # fmt: skip
    return pl.concat([pl.DataFrame(schema=CONFLICT_SCHEMA), *parts], how="vertical_relaxed")


def merged(known: pl.DataFrame, shared: Sequence[str]) -> pl.DataFrame:
    """`known` with each shared field set to the value that stays: the file's where only the file changed it,
    the stored one otherwise. `_as_imported` keeps the file's value either way, so the same file again is a
    no-op."""
    return known.with_columns(
        pl.when(_file_changed(f) & _untouched_here(f)).then(pl.col(f)).otherwise(pl.col(f"{f}{OLD}")).alias(f)
        for f in shared
    )
