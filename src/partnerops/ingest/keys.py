"""The key each row is upserted on: its external id; for a touch without one, its place in its file; a stable
hash for history rows without one; or the (currency, quote, date) of a rate."""

from __future__ import annotations

import duckdb
import polars as pl

from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.reader import ROW

KEY = "__key"
# A row without an id is keyed on what identifies it, hashed: a touch on who did what, on which deal, when; a stage
# change on its deal, stage and the export's own timestamp text; a line item on its deal and product.
HASHED: dict[str, tuple[str, ...]] = {
    "touches": tuple(f"{f}__v" for f in ("partner_id", "opportunity_id", "type", "touched_on", "actor")),
    "stage_history": ("opportunity_id__v", "stage__v", "changed_on"),
    "line_items": ("opportunity_id__v", "product__v", "product_code__v", "product_id__v"),
}
PREFIXES = {"touches": "touch", "stage_history": "stage-history", "line_items": "line-items"}
# Kinds whose row without an id is the row at its place in its file: two identical touch rows are two touches (a
# partner may well log the same call twice). The file's name and the row's number find the same record when the
# file is imported again, from any folder, and when a quarantined row is retried. Asked to collapse duplicates, an
# import keys them on what they say instead, as HASHED does the others.
BY_POSITION = frozenset({"touches"})


def with_keys(frame: pl.DataFrame, spec: KindSpec, file_name: str | None = None,
              collapse_duplicates: bool = False) -> pl.DataFrame:
    """`frame` with KEY; `file_name` is the file's name without its folder (None: key id-less rows on content)."""
    if spec.name == "rates":
        parts = [pl.col(f"{f}__v").cast(pl.String) for f in ("currency", "quote_currency", "valid_on")]
        return frame.with_columns(pl.concat_str(parts, separator="/").alias(KEY))
    key = pl.col("id__v")
    if spec.name in HASHED:
        key = pl.coalesce(key, pl.col("__hash"))
        by_position = spec.name in BY_POSITION and file_name is not None and not collapse_duplicates
        frame = frame.with_columns(position_hash(frame, spec.name, file_name or "") if by_position
                                   else identity_hash(frame, spec.name))
    return frame.with_columns(key.alias(KEY))


def identity_hash(frame: pl.DataFrame, kind: str) -> pl.Series:
    """'<prefix>-' + md5 of the identifying values: the same row gets the same key in every run (DuckDB hashes the
    whole column at once; Polars' own hash is not stable across versions)."""
    parts = [pl.col(name).cast(pl.String).fill_null("") for name in HASHED[kind] if name in frame.columns]
    return _hashed(frame.select(pl.concat_str(parts, separator="\x1f").alias("text")), kind)


def position_hash(frame: pl.DataFrame, kind: str, file_name: str) -> pl.Series:
    """'<prefix>-' + md5 of the file's name and the row's number: the row at that place in any copy of the file."""
    return _hashed(frame.select(pl.format("{}\x1f{}", pl.lit(file_name), pl.col(ROW)).alias("text")), kind)


def _hashed(texts: pl.DataFrame, kind: str) -> pl.Series:
    with duckdb.connect() as db:
        db.register("texts", texts)
        hashed: pl.DataFrame = db.sql(f"select '{PREFIXES[kind]}-' || md5(text) as h from texts").pl()
    return hashed.get_column("h").alias("__hash")
