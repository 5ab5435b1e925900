"""Validating a chunk in one pass of Polars expressions: each field's parsed value and, per row, why it is
invalid. A bad required field keeps the row out; a bad optional one is a warning and the row lands with it empty."""

from __future__ import annotations

import polars as pl
from sqlalchemy import String

from partnerops.ingest.amounts import amount_check
from partnerops.ingest.checks import Check, failing
from partnerops.ingest.dates import date_check, iso_date_check, iso_only
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

__all__ = ["STRICT", "is_warning", "validate"]

# Optional fields whose bad value is still an error, because an empty one would say something else: an amount
# the file states is never turned into "unknown" (a refund's blank amount even means all of the deal), the close
# date ends the attribution window, a blank expiry reads as "never expires", a blank end of a revenue period as
# "still running", and the id is the record itself.
STRICT = frozenset({"id", "amount", "closed_on", "expires_on", "ends_on"})
CLOSED_OUTCOMES = ("won", "lost")


def is_warning(field: Field) -> bool:
    """Whether a bad value of `field` lets the row land with the field empty (else it quarantines the row)."""
    return not field.required and field.ref is None and field.name not in STRICT


def field_check(field: Field, spec: KindSpec, options: ImportOptions, iso_dates: frozenset[str] = frozenset()) -> Check:
    """`iso_dates` names the date fields whose every value is an ISO date or blank (without a --date-format)."""
    text = pl.col(field.name)
    if field.parse == "amount":
        return amount_check(field.name, pl.col("currency").str.to_uppercase(), options.decimal_comma)
    if field.parse == "date":
        return iso_date_check(field.name) if field.name in iso_dates else date_check(field.name, options.date_format)
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
    return failing(pl.col(field.name).is_null(), f"{field.name} is blank") if field.required else pl.lit(
        None, pl.String)


def validate(frame: pl.DataFrame, spec: KindSpec, options: ImportOptions) -> pl.DataFrame:
    """`frame` holds each field as text; adds the typed `<field>__v` and the reason `<field>__e` (null when
    fine). The value of an optional field with a warning is null: the row lands without it."""
    dates = [f.name for f in spec.fields if f.parse == "date"]
    iso_dates = iso_only(frame, dates) if options.date_format is None else frozenset()
    checks = {f.name: field_check(f, spec, options, iso_dates) for f in spec.fields}
    # Separate steps on purpose: one lazy plan would inline the helper columns into every use of them.
    frame = frame.with_columns(*(e for check in checks.values() for e in check.prepare))
    derived = [e for check in checks.values() for e in check.derive]
    frame = frame.with_columns(*derived) if derived else frame
    frame = frame.with_columns(
        *(check.value.alias(f"{name}__v") for name, check in checks.items()),
        *(pl.coalesce(_blank(spec.field(name)), check.error).alias(f"{name}__e")
          for name, check in checks.items()),
    )
    frame = frame.with_columns(_cross_field_errors(spec))
    warned = [f.name for f in spec.fields if is_warning(f)]
    return frame.with_columns(pl.when(pl.col(f"{n}__e").is_null()).then(pl.col(f"{n}__v")).alias(f"{n}__v")
                              for n in warned)


def _cross_field_errors(spec: KindSpec) -> list[pl.Expr]:
    names = set(spec.field_names)
    rules: list[pl.Expr] = []
    if {"created_on", "closed_on", "expected_close_on"} <= names:
        rules += [_not_before_created(name) for name in ("closed_on", "expected_close_on")]
    if {"amount", "outcome"} <= names:
        rules.append(_closed_deal_needs_amount())
    if {"starts_on", "ends_on"} <= names:
        rules.append(_ends_after_start())
    return rules


def _ends_after_start() -> pl.Expr:
    """A period (a revenue period's service dates) ends after it starts; its end is exclusive."""
    empty = pl.col("ends_on__v") <= pl.col("starts_on__v")
    reason = pl.format("ends_on {} is not after starts_on {}", pl.col("ends_on"), pl.col("starts_on"))
    return pl.coalesce(pl.col("ends_on__e"), failing(empty, reason)).alias("ends_on__e")


def _not_before_created(name: str) -> pl.Expr:
    before = pl.col(f"{name}__v") < pl.col("created_on__v")
    reason = pl.format(f"{name} {{}} is before created_on {{}}", pl.col(name), pl.col("created_on"))
    return pl.coalesce(pl.col(f"{name}__e"), failing(before, reason)).alias(f"{name}__e")


def _closed_deal_needs_amount() -> pl.Expr:
    """An open deal may have no amount yet (it lands as unknown); a won or lost one may not."""
    closed = pl.col("amount").is_null() & pl.col("outcome__v").is_in(CLOSED_OUTCOMES)
    reason = pl.format("amount is blank for a {} deal: a closed deal needs its amount", pl.col("outcome__v"))
    return pl.coalesce(pl.col("amount__e"), failing(closed, reason)).alias("amount__e")
