"""Re-import rows that would change nothing, counted unchanged without being validated or compared. A row's
fingerprint hashes its text as the file gives it together with all that decides how that text is read (kind,
format, options, column mapping, the stored pipeline stages, the versions of this program and of Polars). A record
keeps the fingerprint of the row an import last wrote it from, and a trigger clears it whenever anything else
writes the record (an edit here, a deletion, a retry): a row whose fingerprint equals its live record's is the
very row that record was made from, and landing it again would change nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Connection, select

from partnerops import __version__
from partnerops.ingest.canonical import field_text
from partnerops.ingest.checks import REASON, ROW_FINGERPRINT
from partnerops.ingest.keys import KEY
from partnerops.ingest.reader import ROW
from partnerops.store.crm_tables import deal_stages
from partnerops.store.fingerprints import any_fingerprint, fingerprints_guarded, stored_fingerprints

if TYPE_CHECKING:
    from partnerops.ingest.land import LandContext

# Raised when what a row becomes changes in a way the program's version does not say (development builds).
SCHEME = 1
# A date text starting with three digits (ISO, a timestamp, epoch milliseconds) says nothing about day/month order,
# nor does a blank one; either may be padded with spaces.
_ORDERLESS_DATE = r"^\s*(\d{3}|$)"


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of one import: `salt` (a SHA-256 in hex, its first 64 bits the hash's seed) stands for
    everything besides the row's own text."""

    salt: str
    # Whether any record of the import's system has one: a first import only stores them.
    any_stored: bool = True

    @classmethod
    def for_import(cls, conn: Connection, ctx: LandContext) -> Fingerprints | None:
        """None where they cannot be trusted or a row's record depends on stored links a fingerprint cannot see
        (a deal whose company is found through associations or by name)."""
        spec = ctx.spec
        if not (spec.keyed_by_source and "id" in ctx.columns and fingerprints_guarded(conn, spec.table)):
            return None
        if spec.name == "opportunities" and "account_id" not in ctx.columns:
            return None
        options = {k: v for k, v in ctx.options.to_json().items() if k != "actor"}
        context = {"scheme": SCHEME, "version": __version__, "polars": pl.__version__, "kind": spec.name,
                   "format": ctx.fmt.name, "system": ctx.source_system, "options": options,
                   "columns": ctx.columns, "stages": _stored_stages(conn, ctx) if spec.name == "opportunities" else []}
        salt = hashlib.sha256(json.dumps(context, sort_keys=True, default=str).encode()).hexdigest()
        return cls(salt, any_fingerprint(conn, spec.table, ctx.source_system))

    def of_rows(self, raw: pl.DataFrame, columns: dict[str, str]) -> pl.Expr:
        """Each row's fingerprint (a signed 64-bit integer): its mapped columns' text, nulls kept apart from ''."""
        texts = [pl.col(header).cast(pl.String).alias(name) for name, header in sorted(columns.items())]
        return pl.struct(*texts).hash(seed=int(self.salt[:16], 16)).reinterpret(signed=True)


def _stored_stages(conn: Connection, ctx: LandContext) -> list[tuple[object, ...]]:
    """The pipeline stages a deal's stage id resolves through (ingest/deal_links.py), in a fixed order."""
    system = ctx.options.ref_system("accounts", ctx.fmt.name)
    query = select(deal_stages.c.external_id, deal_stages.c.label, deal_stages.c.outcome).where(
        deal_stages.c.source_system == system).order_by(deal_stages.c.external_id)
    return [tuple(row) for row in conn.execute(query)]


def split_unchanged(conn: Connection, raw: pl.DataFrame, ctx: LandContext) -> tuple[pl.DataFrame, int]:
    """The rows of `raw` still to land (each with its ROW_FINGERPRINT) and how many were set aside as unchanged.
    Only a row that is the first of its key in the file, whose dates say nothing about day/month order, and
    whose record has no open quarantine entry may be set aside: anything else takes the full path."""
    if ctx.fingerprints is None:
        return raw, 0
    raw = raw.with_columns(ctx.fingerprints.of_rows(raw, ctx.columns).alias(ROW_FINGERPRINT))
    if not ctx.fingerprints.any_stored:
        return raw, 0
    keyed = raw.select(ROW, field_text(ctx.columns, "id").alias(KEY), ROW_FINGERPRINT, _candidate(raw, ctx))
    candidates = keyed.filter(pl.col("__candidate") & pl.col(KEY).is_not_null()
                              & (pl.col(ROW) == pl.col(ROW).min().over(KEY)))
    candidates = candidates.join(ctx.first_rows.earlier(candidates.get_column(KEY)), on=KEY, how="anti")
    open_keys = ctx.entries.open_ids(conn, ctx.spec.name, ctx.source_system)
    if open_keys.height:
        candidates = candidates.join(open_keys.select(pl.col("record_key").alias(KEY)), on=KEY, how="anti")
    stored = stored_fingerprints(conn, ctx.spec.table, ctx.source_system, candidates.get_column(KEY).to_list())
    same = candidates.join(stored.rename({"external_id": KEY, "fingerprint": ROW_FINGERPRINT}),
                           on=[KEY, ROW_FINGERPRINT], how="semi")
    if same.height == 0:
        return raw, 0
    ctx.first_rows.remember(same)
    return raw.join(same.select(ROW), on=ROW, how="anti", maintain_order="left"), same.height


def _candidate(raw: pl.DataFrame, ctx: LandContext) -> pl.Expr:
    """Whether a row may be set aside at all (besides having an id): no reader error, no merged deals named, and,
    without a --date-format, no date whose day/month order the file's judgement (ingest/date_order.py) must see."""
    conditions = [pl.lit(True)]
    if REASON in raw.columns:
        conditions.append(pl.col(REASON).is_null())
    if "merged_ids" in ctx.columns:
        conditions.append(field_text(ctx.columns, "merged_ids").is_null())
    if ctx.options.date_format is None:
        dates = {f.name for f in ctx.spec.fields if f.parse == "date"} | {"close_date"}
        conditions += [_orderless(pl.col(ctx.columns[name])) for name in sorted(dates) if name in ctx.columns]
    return pl.all_horizontal(conditions).alias("__candidate")


def _orderless(raw: pl.Expr) -> pl.Expr:
    """Read on the file's text as it is: `field_text` would strip it and make a blank null, for nothing here."""
    return raw.is_null() | raw.cast(pl.String).str.contains(_ORDERLESS_DATE)
