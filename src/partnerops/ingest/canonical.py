"""From an export's own columns to one text column per canonical field, blanks as null (in id and reference
columns, the null ids and empty-string hashes that CRMs and ELT tools write for "no value" count as blank)."""

from __future__ import annotations

import hashlib
import re

import polars as pl

from partnerops.ingest.checks import FIELD, REASON, ROW_FINGERPRINT, VALUE
from partnerops.ingest.formats import Format, derive_fields, pseudo_fields
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.reader import ROW

# Salesforce's null id (15 and 18 characters) and the md5, sha1 and sha256 of "" (an ELT tool's hashed blank).
NULL_IDS = ("000000000000000", "000000000000000aaa",
            *(hashlib.new(name, b"").hexdigest() for name in ("md5", "sha1", "sha256")))
# Matched in any case without lower-casing every id first: most ids fail at their first character.
_NULL_ID = "(?i)^(" + "|".join(re.escape(null_id) for null_id in NULL_IDS) + ")$"


def canonical_frame(raw: pl.DataFrame, columns: dict[str, str], spec: KindSpec, fmt: Format,
                    options: ImportOptions) -> pl.DataFrame:
    """`columns` maps field -> header (from mapping.resolve_columns); fields without a header are null.
    An error the reader already found (a ragged CSV row) and the row's fingerprint come along."""
    fields = [*spec.field_names, *pseudo_fields(fmt, spec.name)]
    frame = raw.select(
        pl.col(ROW), *(pl.col(c) for c in (FIELD, REASON, VALUE, ROW_FINGERPRINT) if c in raw.columns),
        *(field_text(columns, f).alias(f) for f in fields),
    )
    return derive_fields(frame, spec.name, fmt, options)


def is_id_field(name: str) -> bool:
    """Fields that hold a record's id or another record's (an owner may be an OwnerId)."""
    return name in ("id", "owner") or name.endswith("_id") or name.endswith("_ids")


def field_text(columns: dict[str, str], name: str) -> pl.Expr:
    """The text of field `name` as every import step reads it: stripped, blanks and null ids as null."""
    if name not in columns:
        return pl.lit(None, pl.String)
    text = _cleaned(pl.col(columns[name]))
    return _without_null_ids(text) if is_id_field(name) else text


def _cleaned(text: pl.Expr) -> pl.Expr:
    return text.cast(pl.String).str.strip_chars().replace("", None)


def _without_null_ids(text: pl.Expr) -> pl.Expr:
    return pl.when(text.str.contains(_NULL_ID)).then(None).otherwise(text)
