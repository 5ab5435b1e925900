"""Rows with a NUL byte: kept out as errors naming the first field that holds one, every NUL shown as ␀, because
no database should get a value cut at a NUL and PostgreSQL refuses \\x00 in text and JSON outright."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import FIELD, REASON, VALUE
from partnerops.ingest.dialect import VISIBLE_NUL

NUL_REASON = "contains a NUL byte"


def quarantine_nul_rows(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """`frame` with each row that has a NUL byte in one of `columns` made an error row (unless it already is
    one), and every NUL in those columns replaced by ␀."""
    holds = {name: pl.col(name).str.contains("\x00", literal=True) for name in columns}
    if not holds or not frame.select(pl.any_horizontal(*holds.values()).any()).item():
        return frame
    field = pl.coalesce([pl.when(hit).then(pl.lit(name)) for name, hit in holds.items()])
    value = pl.coalesce([pl.when(hit).then(pl.col(name)) for name, hit in holds.items()])
    frame = frame.with_columns(pl.lit(None, pl.String).alias(name) for name in (FIELD, REASON, VALUE)
                               if name not in frame.columns)
    fresh = pl.col(REASON).is_null() & field.is_not_null()
    return frame.with_columns(
        pl.when(fresh).then(field).otherwise(pl.col(FIELD)).alias(FIELD),
        pl.when(fresh).then(pl.lit(NUL_REASON)).otherwise(pl.col(REASON)).alias(REASON),
        pl.when(fresh).then(value).otherwise(pl.col(VALUE)).str.replace_all("\x00", VISIBLE_NUL, literal=True)
        .alias(VALUE),
    ).with_columns(pl.col(name).str.replace_all("\x00", VISIBLE_NUL, literal=True) for name in columns)
