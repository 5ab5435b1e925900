"""Amounts from text to exact integer minor units: '$1,200.50', '1.200,50 €', '1200' — never via float."""

from __future__ import annotations

from functools import cache

import polars as pl

from partnerops.domain.money import known_currencies, minor_digits
from partnerops.ingest.checks import Check, failing, first_error, looked_up

# Digits grouped by thousands with an optional decimal part, in the two conventions.
POINT_DECIMAL = r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"
COMMA_DECIMAL = r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"
# Amounts that need no cleaning in either convention ('1.200' is 1.2 with a decimal point, 1200 with a comma).
PLAIN = {False: r"^\d+(\.\d+)?$", True: r"^\d+$"}

# Three capital letters before or after the number: an ISO 4217 code ('USD 1,200.50', '1.200,50 EUR')
# when it is a known one, else the value is not an amount.
CODE_AT_EITHER_END = r"^\s*([A-Z]{3})\s*|\s*([A-Z]{3})\s*$"

# What may surround or group the digits and is dropped: currency symbols ($ € £ ¥ …), any kind of
# space (no-break and narrow no-break in French grouping) and apostrophes (Swiss grouping). Anything
# else left in the text (a letter O for a zero, a stray '#') makes the value "not an amount".
DROPPED = r"[\p{Sc}\s'’]"


@cache
def currency_codes() -> pl.Series:
    """As a Series: Polars takes a long Python list much more slowly."""
    return pl.Series(sorted(known_currencies()), dtype=pl.String)


@cache
def currency_digits() -> dict[str, int]:
    return {code: minor_digits(code) for code in known_currencies()}


def _stated_code(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(text.str.extract(CODE_AT_EITHER_END, 1), text.str.extract(CODE_AT_EITHER_END, 2))


def _bare(text: pl.Expr, code: pl.Expr) -> pl.Expr:
    """The number alone: digits, '-', '.' and ',' when the text held only what DROPPED allows besides
    (null when the letters at either end are no currency code)."""
    bare = text.str.replace(CODE_AT_EITHER_END, "").str.replace_all(DROPPED, "").str.replace(r"^(.+)-$", "-$1")
    return pl.when(code.is_null() | code.is_in(currency_codes().implode())).then(bare)


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
    stated, whole, fraction = pl.col(f"{name}__code"), pl.col(f"{name}__whole"), pl.col(f"{name}__fraction")
    # Plain amounts ('1200.50'), nearly all of a large export, skip the cleaning: Polars leaves the
    # nulls of `rest` alone, so the regular expressions run only on the other texts.
    plain = text.str.contains(PLAIN[decimal_comma])
    rest = pl.when(~plain).then(text)
    prepare = (
        _stated_code(rest).alias(f"{name}__code"),
        pl.when(plain).then(text).otherwise(_normalised(_bare(rest, _stated_code(rest)), decimal_comma))
        .alias(f"{name}__number"),
        looked_up(currency, currency_digits(), pl.Int64()).alias(f"{name}__digits"),
    )
    # `number` is '-1234.5' style text (or null), so its parts are what lies either side of the point.
    parts = number.str.split_exact(".", 1)
    derive = (parts.struct.field("field_0").alias(f"{name}__whole"),
              parts.struct.field("field_1").str.strip_chars_end("0").fill_null("").alias(f"{name}__fraction"))
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
        failing(stated.is_not_null() & currency.is_not_null() & (stated != currency), pl.format(
            "'{}' is in {} but the row's currency is {}", text, stated, currency)),
    ]
    return Check(minor, first_error(errors), prepare, derive)
