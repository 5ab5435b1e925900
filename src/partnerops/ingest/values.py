"""Checks for text, closed sets, currency and country codes, web domains and exchange rates."""

from __future__ import annotations

from functools import cache

import polars as pl
from babel import Locale

from partnerops.ingest.amounts import currency_codes
from partnerops.ingest.checks import Check, failing, looked_up

# Names partner programs use for our partner types and stages.
ALIASES: dict[str, str] = {
    "isv": "technology", "tech": "technology", "var": "reseller", "distributor": "reseller",
    "system_integrator": "si", "systems_integrator": "si", "managed_service_provider": "msp",
    "consultant": "influence", "analyst": "influence", "comarket": "co_market", "cosell": "co_sell",
}


def text_check(text: pl.Expr, max_length: int | None) -> Check:
    if max_length is None:
        return Check(text, pl.lit(None, pl.String))
    too_long = text.str.len_chars() > max_length
    return Check(text, failing(too_long, f"longer than {max_length} characters"))


def enum_check(text: pl.Expr, field: str, values: tuple[str, ...]) -> Check:
    """The value's key (lower case, words joined by '_', aliases resolved) is a helper column: the value and the
    error read it instead of each computing it again."""
    key = text.str.to_lowercase().str.replace_all(r"[\s\-/]+", "_").replace(ALIASES).alias(f"{field}__key")
    unknown = text.is_not_null() & ~pl.col(f"{field}__key").is_in(pl.Series(values, dtype=pl.String).implode())
    reason = pl.format(f"unknown {field} '{{}}'; expected one of: {', '.join(values)}", text)
    return Check(pl.col(f"{field}__key"), failing(unknown, reason), prepare=(key,))


def currency_check(text: pl.Expr) -> Check:
    code = text.str.to_uppercase()
    unknown = text.is_not_null() & ~code.is_in(currency_codes().implode())
    return Check(code, failing(unknown, pl.format("unknown currency '{}' (expected an ISO 4217 code)", text)))


@cache
def country_codes() -> dict[str, str]:
    """Upper-cased English country names and two-letter codes, to the two-letter code."""
    names = {name.upper(): code for code, name in Locale("en").territories.items() if code.isalpha()}
    codes = {code: code for code in names.values()}
    return names | codes | {"USA": "US", "UK": "GB", "UNITED STATES OF AMERICA": "US"}


def country_check(text: pl.Expr) -> Check:
    code = looked_up(text.str.to_uppercase(), country_codes(), pl.String())
    unknown = text.is_not_null() & code.is_null()
    return Check(code, failing(unknown, pl.format("unknown country '{}' (expected e.g. DE or Germany)", text)))


def domain_check(text: pl.Expr) -> Check:
    """'https://www.Acme.com/about' is acme.com."""
    host = text.str.to_lowercase().str.replace(r"^[a-z]+://", "").str.replace(r"^www\.", "")
    host = host.str.replace(r"[/?#:].*$", "")
    invalid = text.is_not_null() & ~host.str.contains(r"^[a-z0-9]([a-z0-9\-]*\.)+[a-z]{2,}$")
    return Check(host, failing(invalid, pl.format("'{}' is not a web domain", text)))


def rate_check(text: pl.Expr) -> Check:
    """An exchange rate stays exact decimal text; it must be a positive number."""
    invalid = text.is_not_null() & (~text.str.contains(r"^\d+(\.\d+)?$") | ~text.str.contains(r"[1-9]"))
    return Check(text, failing(invalid, pl.format("'{}' is not a positive decimal rate", text)))
