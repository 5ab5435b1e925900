"""Amounts from text to exact integer minor units: '$1,200.50', '1.200,50 €', '1200' — never via float."""

from __future__ import annotations

from functools import cache

import polars as pl

from partnerops.domain.money import known_currencies, minor_digits
from partnerops.ingest.checks import Check, failing, first_error

# Digits grouped by thousands with an optional decimal part, in the two conventions.
POINT_DECIMAL = r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"
COMMA_DECIMAL = r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"


@cache
def currency_digits() -> dict[str, int]:
    return {code: minor_digits(code) for code in known_currencies()}


def _bare(text: pl.Expr) -> pl.Expr:
    """Drop currency symbols and codes, spaces and apostrophes (Swiss grouping); keep digits, '-', '.', ','."""
    return text.str.replace_all(r"[^0-9,.\-]", "").str.replace(r"^(.+)-$", "-$1")


def _normalised(bare: pl.Expr, decimal_comma: bool) -> pl.Expr:
    """'-1234.5' style text; a value fitting only the comma convention ('1.200,50') is read that way."""
    comma = bare.str.replace_all(r"\.", "").str.replace(",", ".", literal=True)
    point = bare.str.replace_all(",", "", literal=True)
    if decimal_comma:
        return pl.when(bare.str.contains(COMMA_DECIMAL)).then(comma)
    fits_point = bare.str.contains(POINT_DECIMAL)
    return pl.when(fits_point).then(point).when(bare.str.contains(COMMA_DECIMAL)).then(comma)


def amount_check(name: str, currency: pl.Expr, decimal_comma: bool) -> Check:
    """Minor units of column `name` in `currency` (an upper-case code expression)."""
    text, number, digits = pl.col(name), pl.col(f"{name}__number"), pl.col(f"{name}__digits")
    prepare = (
        _normalised(_bare(text), decimal_comma).alias(f"{name}__number"),
        currency.replace_strict(currency_digits(), default=None, return_dtype=pl.Int64).alias(f"{name}__digits"),
    )
    whole = number.str.extract(r"^(-?\d+)", 1)
    fraction = number.str.extract(r"\.(\d+)$", 1).str.strip_chars_end("0").fill_null("")
    places = fraction.str.len_chars().cast(pl.Int64)
    scale = pl.lit(10, pl.Int64).pow(digits)
    fraction_minor = fraction.replace("", "0").cast(pl.Int64, strict=False)
    fraction_minor = fraction_minor * pl.lit(10, pl.Int64).pow((digits - places).clip(lower_bound=0))
    sign = pl.when(whole.str.starts_with("-")).then(-1).otherwise(1)
    minor = whole.cast(pl.Int64, strict=False) * scale + sign * fraction_minor
    errors = [
        failing(text.is_not_null() & number.is_null(), pl.format(
            "'{}' is not an amount (expected e.g. 1200.50 or $1,200.50; pass --decimal-comma for "
            "1.200,50)", text)),
        failing(digits.is_not_null() & (places > digits), pl.format(
            "'{}' has more decimals than {} allows ({})", text, currency, digits)),
        failing(number.is_not_null() & whole.str.starts_with("-"), "an amount cannot be negative"),
    ]
    return Check(minor, first_error(errors), prepare)
