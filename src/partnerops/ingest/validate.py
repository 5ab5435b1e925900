"""Validating a chunk in one pass of Polars expressions: parsed values and, per row, the first problem."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from sqlalchemy import String

from partnerops.ingest.amounts import amount_check
from partnerops.ingest.checks import FIELD, REASON, VALUE, Check, failing
from partnerops.ingest.dates import date_check
from partnerops.ingest.kinds import Field, KindSpec
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.values import (
    country_check,
    currency_check,
    domain_check,
    enum_check,
    rate_check,
    text_check,
)

__all__ = ["FIELD", "REASON", "VALUE", "validate", "with_first_error"]
DERIVED = ("__derive_field", "__derive_reason", "__derive_value")
BLANK_REASONS = {"amount": "amount is blank (a blank amount is an error, not zero)"}


def field_check(field: Field, spec: KindSpec, options: ImportOptions) -> Check:
    text = pl.col(field.name)
    if field.parse == "amount":
        return amount_check(field.name, pl.col("currency").str.to_uppercase(), options.decimal_comma)
    if field.parse == "date":
        return date_check(field.name, options.date_format)
    if field.parse == "enum":
        return enum_check(text, field.name, field.values)
    simple = {"currency": currency_check, "country": country_check, "domain": domain_check,
              "rate": rate_check}
    if field.parse in simple:
        return simple[field.parse](text)
    column = spec.table.c.get(field.column)
    length = column.type.length if column is not None and isinstance(column.type, String) else None
    return text_check(text, length)


def _blank(field: Field) -> pl.Expr:
    reason = BLANK_REASONS.get(field.name, f"{field.name} is blank")
    return failing(pl.col(field.name).is_null(), reason) if field.required else pl.lit(None, pl.String)


def validate(frame: pl.DataFrame, spec: KindSpec, options: ImportOptions) -> pl.DataFrame:
    """`frame` holds each field as text; returns typed `<field>__v` columns plus FIELD/REASON/VALUE."""
    checks = {f.name: field_check(f, spec, options) for f in spec.fields}
    # Separate steps on purpose: one lazy plan would inline the helper columns into every use of them.
    frame = frame.with_columns(*(e for check in checks.values() for e in check.prepare))
    frame = frame.with_columns(
        *(check.value.alias(f"{name}__v") for name, check in checks.items()),
        *(pl.coalesce(_blank(spec.field(name)), check.error).alias(f"{name}__e")
          for name, check in checks.items()),
    )
    frame = frame.with_columns(_cross_field_errors(spec))
    return with_first_error(frame, [*_derive_errors(frame), *((n, f"{n}__e") for n in checks)])


def _cross_field_errors(spec: KindSpec) -> list[pl.Expr]:
    if spec.name != "opportunities":
        return []
    created = pl.col("created_on__v")
    return [
        pl.coalesce(pl.col(f"{name}__e"), failing(pl.col(f"{name}__v") < created, pl.format(
            f"{name} {{}} is before created_on {{}}", pl.col(name), pl.col("created_on"),
        ))).alias(f"{name}__e")
        for name in ("closed_on", "expected_close_on")
    ]


def _derive_errors(frame: pl.DataFrame) -> list[tuple[str, str]]:
    return [("__derived", DERIVED[1])] if DERIVED[1] in frame.columns else []


def with_first_error(frame: pl.DataFrame, errors: list[tuple[str, str]]) -> pl.DataFrame:
    """Set FIELD, REASON and VALUE from the first of `errors` (field, error column) that is not null,
    keeping any error already recorded."""
    def first(pick: Callable[[str, str], pl.Expr]) -> pl.Expr:
        return pl.coalesce([pl.when(pl.col(col).is_not_null()).then(pick(name, col)) for name, col in errors])

    field = first(lambda name, _: pl.col(DERIVED[0]) if name == "__derived" else pl.lit(name))
    value = first(lambda name, _: pl.col(DERIVED[2]) if name == "__derived" else pl.col(name))
    reason = first(lambda _, col: pl.col(col))
    existing = [c for c in (FIELD, REASON, VALUE) if c in frame.columns]
    if existing:
        field, reason, value = (pl.coalesce(pl.col(FIELD), field), pl.coalesce(pl.col(REASON), reason),
                                pl.when(pl.col(REASON).is_not_null()).then(pl.col(VALUE)).otherwise(value))
    return frame.with_columns(field.alias(FIELD), reason.alias(REASON), value.cast(pl.String).alias(VALUE))
