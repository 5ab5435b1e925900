"""From an export's own columns to one text column per canonical field, blanks as null."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import FIELD, REASON, VALUE
from partnerops.ingest.formats import PSEUDO_FIELDS, Format, derive_fields
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.reader import ROW


def canonical_frame(raw: pl.DataFrame, columns: dict[str, str], spec: KindSpec, fmt: Format,
                    options: ImportOptions) -> pl.DataFrame:
    """`columns` maps field -> header (from mapping.resolve_columns); fields without a header are null.
    An error the reader already found (a ragged CSV row) comes along."""
    fields = [*spec.field_names, *(f for f in fmt.extra_fields(spec.name) if f in PSEUDO_FIELDS)]
    frame = raw.select(
        pl.col(ROW), *(pl.col(c) for c in (FIELD, REASON, VALUE) if c in raw.columns),
        *((_cleaned(pl.col(columns[f])) if f in columns else pl.lit(None, pl.String)).alias(f) for f in fields),
    )
    return derive_fields(frame, spec.name, fmt, options)


def _cleaned(text: pl.Expr) -> pl.Expr:
    stripped = text.cast(pl.String).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)
