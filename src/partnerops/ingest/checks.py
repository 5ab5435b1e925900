"""A field check: the parsed value of a text column and, per row, why it is invalid (null when valid)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

# Where a bad row's first problem is recorded: the field (or "(row)"), why, and the value at fault.
FIELD, REASON, VALUE = "__field", "__reason", "__value"
# A hash of the row as the file gives it (ingest/fingerprints.py), carried to the record it lands as.
ROW_FINGERPRINT = "__fingerprint"
# Every problem of a row, as a list of {field, reason, value} structs: ERRORS keep the row out (a bad required
# field), WARNINGS let it land with the optional field left empty.
ERRORS, WARNINGS = "__errors", "__warnings"


@dataclass(frozen=True)
class Check:
    """`prepare` adds helper columns first and `derive` more from them, so `value` and `error` read them instead of
    repeating work (Polars evaluates an expression as often as it is used)."""

    value: pl.Expr
    error: pl.Expr
    prepare: tuple[pl.Expr, ...] = ()
    derive: tuple[pl.Expr, ...] = ()


def failing(condition: pl.Expr, reason: pl.Expr | str) -> pl.Expr:
    """`reason` where `condition` holds, else null."""
    message = pl.lit(reason) if isinstance(reason, str) else reason
    return pl.when(condition).then(message).otherwise(pl.lit(None, pl.String))


def first_error(errors: list[pl.Expr]) -> pl.Expr:
    return pl.coalesce(errors) if errors else pl.lit(None, pl.String)


def looked_up(key: pl.Expr, table: dict[str, Any], dtype: pl.DataType, default: Any = None) -> pl.Expr:
    """`table[key]` per row, `default` when absent. The table goes in as two Series: handed over as a
    dict, Polars spends about 20 times longer on a 200-entry table than on the lookup itself."""
    return key.replace_strict(pl.Series(list(table), dtype=pl.String), pl.Series(list(table.values()), dtype=dtype),
                              default=default, return_dtype=dtype)
