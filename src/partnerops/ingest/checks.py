"""A field check: the parsed value of a text column and, per row, why it is invalid (null when valid)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Check:
    """`prepare` adds helper columns first, so `value` and `error` read them instead of repeating work."""

    value: pl.Expr
    error: pl.Expr
    prepare: tuple[pl.Expr, ...] = ()


def failing(condition: pl.Expr, reason: pl.Expr | str) -> pl.Expr:
    """`reason` where `condition` holds, else null."""
    message = pl.lit(reason) if isinstance(reason, str) else reason
    return pl.when(condition).then(message).otherwise(pl.lit(None, pl.String))


def first_error(errors: list[pl.Expr]) -> pl.Expr:
    return pl.coalesce(errors) if errors else pl.lit(None, pl.String)
