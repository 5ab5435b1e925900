"""Duplicate keys inside one file: the first row wins, later ones are quarantined naming it."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import failing
from partnerops.ingest.keys import KEY
from partnerops.ingest.reader import ROW

# Why a row repeats an earlier row's key (null when it does not).
DUPLICATE = "__dup__e"
DUPLICATE_REASON = "duplicate id '{}': row {} of this file already has it (the first row wins)"


class FirstRows:
    """The first row number of every key seen so far in this file, across chunks."""

    def __init__(self) -> None:
        self.seen = pl.DataFrame(schema={KEY: pl.String, "__first": pl.UInt32})

    def duplicate_errors(self, frame: pl.DataFrame, kind: str) -> pl.DataFrame:
        """Adds DUPLICATE: why a row repeats an earlier key; remembers this chunk's first rows."""
        chunk_first = pl.col(ROW).min().over(KEY)
        frame = frame.with_columns(chunk_first.alias("__chunk_first"))
        frame = frame.join(self.earlier(frame.get_column(KEY)), on=KEY, how="left", maintain_order="left")
        first = pl.coalesce(pl.col("__first"), pl.col("__chunk_first"))
        reason = pl.format(DUPLICATE_REASON, pl.col(KEY), first)
        repeated = pl.col(KEY).is_not_null() & (first != pl.col(ROW))
        frame = frame.with_columns(failing(repeated, reason).alias(DUPLICATE))
        new = frame.filter(pl.col("__first").is_null() & pl.col(KEY).is_not_null())
        new = new.group_by(KEY).agg(pl.col(ROW).min().alias("__first"))
        self.seen = pl.concat([self.seen, new.cast({"__first": pl.UInt32})])
        return frame.drop("__chunk_first", "__first")

    def earlier(self, keys: pl.Series) -> pl.DataFrame:
        """The keys among `keys` seen in earlier chunks, with their first row (KEY, "__first"). The many keys seen
        are probed against the chunk's few: hashing every key seen for each chunk would cost more as a file grows."""
        return self.seen.join(keys.drop_nulls().to_frame(KEY), on=KEY, how="semi")

    def remember(self, rows: pl.DataFrame) -> None:
        """Remember rows (KEY, ROW) that are each the first of their key and landed without being checked."""
        self.seen = pl.concat([self.seen, rows.select(KEY, pl.col(ROW).cast(pl.UInt32).alias("__first"))])
