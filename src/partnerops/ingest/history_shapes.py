"""What the deal history kinds fill in before validation: the stage of a HubSpot property-history row (only
`dealstage` changes are stage history), the currency from --currency, and a stable key for a row without an id."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.options import ImportOptions

KINDS = ("stage_history", "line_items")
# What identifies a row that has no id of its own. A stage change keeps the file's own timestamp text, so two
# changes on one day (forward and back) stay two records.
STAGE_PROPERTY = "dealstage"


def derive_history(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    """`frame` (text columns of `kind`) with its currency filled from --currency where the file has none and,
    for a property-history export, every change of another property marked as not stage history."""
    if kind not in KINDS:
        return frame
    currency = pl.coalesce(pl.col("currency"), pl.lit(options.currency, pl.String)).alias("currency")
    frame = frame.with_columns(currency)
    if kind == "stage_history" and "property" in frame.columns:
        return _stage_changes_only(frame)
    return frame


def _stage_changes_only(frame: pl.DataFrame) -> pl.DataFrame:
    """Mark (in the `__derive_*` columns, keeping an error an earlier step recorded) each row of another property."""
    other = pl.col("property").is_not_null() & (pl.col("property").str.to_lowercase() != STAGE_PROPERTY)
    reason = pl.format(f"this row changes the deal property '{{}}', not '{STAGE_PROPERTY}': only deal stage "
                       "changes are stage history (export the dealstage history alone to leave them out)",
                       pl.col("property"))
    names = ("__derive_field", "__derive_reason", "__derive_value")
    if names[1] in frame.columns:
        other = other & pl.col(names[1]).is_null()
    kept = [pl.col(n) if n in frame.columns else pl.lit(None, pl.String) for n in names]
    new = (pl.lit("property"), reason, pl.col("property"))
    return frame.with_columns(pl.when(other).then(v).otherwise(k).alias(n) for n, v, k in zip(names, new, kept,
                                                                                                strict=True))
