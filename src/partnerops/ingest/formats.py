"""The export formats an import understands, and the steps every format shares after its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from partnerops.ingest import cloud_marketplaces, generic, hubspot, salesforce, stripe
from partnerops.ingest.deal_types import normalised_deal_type
from partnerops.ingest.flags import truth
from partnerops.ingest.history_shapes import derive_history
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.outcomes import fill_outcome, split_close_date, stage_outcome

Derive = Callable[[pl.DataFrame, str, ImportOptions], pl.DataFrame]

# Kinds whose records a source may delete.
DELETABLE = ("opportunities", "accounts", "partners", "touches", "stage_history", "line_items", "revenue",
             "value_events", "program_costs", "marketplace_transactions")
# Flags any format's file may carry under their own names (a generic file's is_deleted, a stages file's is_closed).
SHARED_FLAGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(DELETABLE, ("is_deleted",)),
    "deal_companies": ("is_primary",), "deal_stages": ("is_closed", "is_won"),
}
# Set on a row the source deleted (is_deleted true); deletions.split_deleted keeps it from landing live.
DELETED = "__deleted"


@dataclass(frozen=True)
class Format:
    name: str
    columns: dict[str, dict[str, tuple[str, ...]]]
    derive: Derive
    # kind -> field -> the fields whose column finds it when its own is absent (besides STAND_INS).
    own_stand_ins: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def candidates(self, kind: str, field: str) -> tuple[str, ...]:
        """Headers that hold `field`, in order of preference; the canonical name always works."""
        return (*self.columns.get(kind, {}).get(field, ()), field)

    def extra_fields(self, kind: str) -> tuple[str, ...]:
        """Fields a format reads only to derive others (Salesforce's IsWon, a CRM's single close date)."""
        own = tuple(self.columns.get(kind, {}))
        return own + tuple(f for f in SHARED_FLAGS.get(kind, ()) if f not in own)

    def stand_ins(self, kind: str, name: str) -> tuple[str, ...]:
        """Fields whose column lets a file leave out the column of `name` (a deal's company by its name)."""
        common = (STAND_INS[name],) if name in STAND_INS else ()
        return (*common, *self.own_stand_ins.get(kind, {}).get(name, ()))


FORMATS: dict[str, Format] = {
    "generic": Format("generic", generic.COLUMNS, generic.derive),
    "salesforce": Format("salesforce", salesforce.COLUMNS, salesforce.derive),
    "hubspot": Format("hubspot", hubspot.COLUMNS, hubspot.derive, hubspot.STAND_INS),
    "stripe": Format("stripe", stripe.COLUMNS, stripe.derive),
    **{name: Format(name, columns, cloud_marketplaces.derive_for(name))
       for name, columns in cloud_marketplaces.COLUMNS.items()},
}
# is_deleted: Salesforce IsDeleted, HubSpot archived; merged_ids: the ids HubSpot merged into a surviving deal.
PSEUDO_FIELDS = ("close_date", "is_closed", "is_won", "is_primary", "account_name", "is_deleted", "merged_ids",
                 "property", "unit_count", *cloud_marketplaces.PSEUDO)
# A field whose column an export may lack when it has another to find it by (a deal's company by name).
STAND_INS = {"account_id": "account_name"}


def pseudo_fields(fmt: Format, kind: str) -> tuple[str, ...]:
    return tuple(f for f in fmt.extra_fields(kind) if f in PSEUDO_FIELDS)


def derive_fields(frame: pl.DataFrame, kind: str, fmt: Format, options: ImportOptions) -> pl.DataFrame:
    """Fill the fields a file may leave out: outcome from flags or stage, currency and touch status from
    options, an association's key and role, a pipeline stage's outcome, the deal history kinds' own
    (ingest/history_shapes.py); and read the deleted flag."""
    frame = derive_history(fmt.derive(frame, kind, options), kind, options)
    if kind == "opportunities":
        currency = pl.lit(options.currency, pl.String)
        frame = frame.with_columns(pl.coalesce(pl.col("currency"), currency).alias("currency"),
                                   normalised_deal_type(pl.col("deal_type")).alias("deal_type"))
        frame = split_close_date(fill_outcome(frame, options.stages))
    if kind == "touches":
        status = pl.lit(options.touch_status, pl.String)
        frame = frame.with_columns(pl.coalesce(pl.col("status"), status).alias("status"))
    if kind == "deal_companies":
        frame = _association(frame)
    if kind == "deal_stages":
        frame = stage_outcome(frame)
    return _deleted_flag(frame) if "is_deleted" in frame.columns else frame


def _association(frame: pl.DataFrame) -> pl.DataFrame:
    """Key "deal:company:type" (a pair may hold several association types); primary by the file's flag,
    HubSpot's type 5 (deal with primary company) or a label that says primary."""
    key = pl.concat_str([pl.col("deal_id"), pl.col("company_id"), pl.col("type_id").fill_null("")], separator=":")
    by_type = (pl.col("type_id") == "5") | pl.col("label").str.contains("(?i)primary")
    primary = pl.coalesce(truth(pl.col("is_primary")), by_type).fill_null(False)
    role = pl.when(primary).then(pl.lit("primary")).otherwise(pl.lit("associated"))
    return frame.with_columns(pl.coalesce(pl.col("id"), key).alias("id"),
                              pl.coalesce(pl.col("role"), role).alias("role"))


def _deleted_flag(frame: pl.DataFrame) -> pl.DataFrame:
    """DELETED from is_deleted; a value that is neither yes nor no is the row's error, never read as live. The flag
    is read once, into DELETED (null where unreadable): the error's three columns each read that instead of the
    text again (Polars computes an expression as often as it is used)."""
    text = pl.col("is_deleted")
    reason = pl.format("is_deleted '{}' is neither true nor false", text)
    frame = frame.with_columns(truth(text).alias(DELETED))
    unreadable = text.is_not_null() & pl.col(DELETED).is_null()
    frame = with_derive_error(frame, unreadable, "is_deleted", reason, text)
    return frame.with_columns(pl.col(DELETED).fill_null(False))


def with_derive_error(frame: pl.DataFrame, bad: pl.Expr, name: str, reason: pl.Expr, value: pl.Expr) -> pl.DataFrame:
    """Record a derivation's error in the `__derive_*` columns, keeping one an earlier step recorded."""
    names = ("__derive_field", "__derive_reason", "__derive_value")
    if names[1] in frame.columns:
        bad = bad & pl.col(names[1]).is_null()
    new = (pl.lit(name), reason, value.cast(pl.String))
    kept = [pl.col(n) if n in frame.columns else pl.lit(None, pl.String) for n in names]
    return frame.with_columns(pl.when(bad).then(v).otherwise(k).alias(n)
                              for n, v, k in zip(names, new, kept, strict=True))
