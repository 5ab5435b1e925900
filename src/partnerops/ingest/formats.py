"""The export formats an import understands, and the steps every format shares after its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from partnerops.ingest import generic, hubspot, salesforce
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.outcomes import fill_outcome, split_close_date

Derive = Callable[[pl.DataFrame, str, ImportOptions], pl.DataFrame]


@dataclass(frozen=True)
class Format:
    name: str
    columns: dict[str, dict[str, tuple[str, ...]]]
    derive: Derive

    def candidates(self, kind: str, field: str) -> tuple[str, ...]:
        """Headers that hold `field`, in order of preference; the canonical name always works."""
        return (*self.columns.get(kind, {}).get(field, ()), field)

    def extra_fields(self, kind: str) -> tuple[str, ...]:
        """Fields a format reads only to derive others (Salesforce's IsWon, a CRM's single close date)."""
        return tuple(self.columns.get(kind, {}))


FORMATS: dict[str, Format] = {
    "generic": Format("generic", generic.COLUMNS, generic.derive),
    "salesforce": Format("salesforce", salesforce.COLUMNS, salesforce.derive),
    "hubspot": Format("hubspot", hubspot.COLUMNS, hubspot.derive),
}
PSEUDO_FIELDS = ("close_date", "is_closed", "is_won", "is_primary", "account_name")
# A field whose column an export may lack when it has another to find it by (a deal's company by name).
STAND_INS = {"account_id": "account_name"}


def derive_fields(frame: pl.DataFrame, kind: str, fmt: Format, options: ImportOptions) -> pl.DataFrame:
    """Fill the fields a file may leave out: outcome from stage, currency and touch status from options."""
    frame = fmt.derive(frame, kind, options)
    if kind == "opportunities":
        currency = pl.lit(options.currency, pl.String)
        frame = frame.with_columns(pl.coalesce(pl.col("currency"), currency).alias("currency"))
        frame = split_close_date(fill_outcome(frame, options.stages))
    if kind == "touches":
        status = pl.lit(options.touch_status, pl.String)
        frame = frame.with_columns(pl.coalesce(pl.col("status"), status).alias("status"))
    return frame
