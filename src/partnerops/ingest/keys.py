"""The key each row is upserted on: its external id, a stable hash for touches without one, or the
(currency, quote, date) of a rate."""

from __future__ import annotations

import duckdb
import polars as pl

from partnerops.ingest.kinds import KindSpec

KEY = "__key"
HASHED_FIELDS = ("partner_id", "opportunity_id", "type", "touched_on", "actor")


def with_keys(frame: pl.DataFrame, spec: KindSpec) -> pl.DataFrame:
    if spec.name == "rates":
        parts = [pl.col(f"{f}__v").cast(pl.String) for f in ("currency", "quote_currency", "valid_on")]
        return frame.with_columns(pl.concat_str(parts, separator="/").alias(KEY))
    key = pl.col("id__v")
    if spec.name == "touches":
        key = pl.coalesce(key, pl.col("__hash"))
        frame = frame.with_columns(touch_hash(frame))
    return frame.with_columns(key.alias(KEY))


def touch_hash(frame: pl.DataFrame) -> pl.Series:
    """md5 of partner, opportunity, type, date and actor: the same touch gets the same key in every run
    (DuckDB's md5 is computed for the whole column at once; Polars' own hash is not stable across versions)."""
    parts = [pl.col(f"{f}__v").cast(pl.String).fill_null("") for f in HASHED_FIELDS]
    texts = frame.select(pl.concat_str(parts, separator="\x1f").alias("text"))
    with duckdb.connect() as db:
        db.register("texts", texts)
        hashed = db.sql("select 'touch-' || md5(text) as h from texts").pl()
    return hashed.get_column("h").alias("__hash")
