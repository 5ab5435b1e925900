"""Every problem of a checked row: where each kind of problem is found, the first error (FIELD, REASON, VALUE)
that keeps a row out, and the full ERRORS and WARNINGS lists of {field, reason, value}."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from partnerops.ingest.checks import ERRORS, FIELD, REASON, VALUE, WARNINGS
from partnerops.ingest.dedupe import DUPLICATE
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.validate import is_warning

__all__ = ["DUPLICATE", "WARNED", "Source", "problem_lists", "sources", "with_problems"]

WARNED = "__warned"
# Set by a step that fills a field from another column (a deal's company found by its name).
DERIVED = ("__derive_field", "__derive_reason", "__derive_value")
READER = "__reader_reason"


@dataclass(frozen=True)
class Source:
    """A column holding why a row is wrong (null when it is not), the field it is about and the value at fault."""

    reason: str
    field: pl.Expr
    value: pl.Expr


def sources(spec: KindSpec, columns: list[str]) -> tuple[list[Source], list[Source]]:
    """The error sources, in the order the first error is chosen, and the warning sources of a checked frame."""
    errors: list[Source] = []
    if READER in columns:
        errors.append(Source(READER, pl.col(FIELD), pl.col(VALUE)))
    if DERIVED[1] in columns:
        errors.append(Source(DERIVED[1], pl.col(DERIVED[0]), pl.col(DERIVED[2])))
    fields = [(f, Source(f"{f.name}__e", pl.lit(f.name), pl.col(f.name))) for f in spec.fields]
    errors += [source for f, source in fields if not is_warning(f)]
    errors += [Source(f"{f.name}__ref__e", pl.lit(f.name), pl.col(f.name)) for f in spec.fields
               if f"{f.name}__ref__e" in columns]
    if DUPLICATE in columns:
        key_field = "id" if "id" in spec.field_names else spec.key[-1]
        errors.append(Source(DUPLICATE, pl.lit(key_field), pl.col(key_field)))
    return errors, [source for f, source in fields if is_warning(f)]


def with_problems(frame: pl.DataFrame, spec: KindSpec) -> pl.DataFrame:
    """Sets FIELD, REASON and VALUE from the row's first error (null on a row that lands) and WARNED (whether
    a row has a warning). An error the reader found (a ragged row) comes first."""
    if REASON in frame.columns:
        frame = frame.rename({REASON: READER})
    errors, warnings = sources(spec, frame.columns)
    flagged = pl.any_horizontal(pl.col(s.reason).is_not_null() for s in warnings) if warnings else pl.lit(False)
    return frame.with_columns(_first(errors, lambda s: s.field).alias(FIELD),
                              _first(errors, lambda s: pl.col(s.reason)).alias(REASON),
                              _first(errors, lambda s: s.value).alias(VALUE), flagged.alias(WARNED))


def _first(errors: list[Source], pick: Callable[[Source], pl.Expr]) -> pl.Expr:
    picked = [pl.when(pl.col(s.reason).is_not_null()).then(pick(s)) for s in errors]
    return pl.coalesce(picked).cast(pl.String) if picked else pl.lit(None, pl.String)


def problem_lists(frame: pl.DataFrame, spec: KindSpec) -> pl.DataFrame:
    """Adds ERRORS and WARNINGS: every {field, reason, value} of each row. Meant for the few rows with a problem
    (a list per row for a million good rows would cost the import for nothing)."""
    errors, warnings = sources(spec, frame.columns)
    return frame.with_columns(_listed(errors).alias(ERRORS), _listed(warnings).alias(WARNINGS))


def _listed(found: list[Source]) -> pl.Expr:
    items = [
        pl.when(pl.col(s.reason).is_not_null()).then(pl.struct(
            s.field.cast(pl.String).alias("field"), pl.col(s.reason).alias("reason"),
            s.value.cast(pl.String).alias("value")))
        for s in found
    ]
    if not items:
        return pl.lit([], pl.List(pl.Struct({"field": pl.String, "reason": pl.String, "value": pl.String})))
    return pl.concat_list(items).list.drop_nulls()
