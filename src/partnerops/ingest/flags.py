"""Yes/no columns as exports write them: true/false in any case, 1/0, yes/no (Salesforce IsWon, HubSpot archived,
an ELT tool's is_deleted)."""

from __future__ import annotations

import polars as pl

TRUE_WORDS = ("true", "t", "1", "yes", "y")
FALSE_WORDS = ("false", "f", "0", "no", "n")


def truth(text: pl.Expr) -> pl.Expr:
    """True, False, or null for a blank or a value that is neither (the caller decides what that means)."""
    word = text.str.strip_chars().str.to_lowercase()
    return pl.when(word.is_in(TRUE_WORDS)).then(True).when(word.is_in(FALSE_WORDS)).then(False) \
        .otherwise(pl.lit(None, pl.Boolean))
