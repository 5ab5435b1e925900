"""Company names of a whole column reduced to what identifies the company: the rule of
`partnerops.domain.company_names`, applied with Polars string kernels (a million names in seconds, no Python per
row)."""

from __future__ import annotations

import polars as pl

from partnerops.domain.company_names import ACCENTS, PUNCTUATION, UNDECOMPOSED, WORD_CHARACTERS, WORDS, Spellings, Step

__all__ = ["normalised_names"]


def _folded(names: pl.Series) -> pl.Series:
    text = names.str.normalize("NFKD").str.replace_all(ACCENTS, "").str.to_lowercase()
    return text.str.replace_many(list(UNDECOMPOSED), list(UNDECOMPOSED.values())).str.normalize("NFKC")


def _applied(text: pl.Series, steps: tuple[Step, ...]) -> pl.Series:
    for step in steps:
        if isinstance(step, Spellings):
            text = text.str.replace_many([old for old, _ in step.pairs], [new for _, new in step.pairs])
        else:
            text = text.str.replace_all(step.pattern, step.replacement, literal=step.literal)
    return text


def _normalised(names: pl.Series) -> pl.Series:
    # A Series at a time, so each step runs once (an expression that used `words` twice would compute it twice).
    words = _applied(_folded(names.cast(pl.String)), PUNCTUATION)
    words = words.str.replace_all(f"[^{WORD_CHARACTERS}]+", " ").str.strip_chars(" ")
    reduced = _applied(words, WORDS)
    kept = pl.select(pl.when(reduced.str.len_chars() > 0).then(reduced).otherwise(words)).to_series()
    return pl.select(pl.when(kept.str.len_chars() > 0).then(kept)).to_series().alias(names.name)


def normalised_names(names: pl.Expr) -> pl.Expr:
    """`domain.company_names.normalise_name` of every value; null for a null or blank name."""
    return names.map_batches(_normalised, return_dtype=pl.String)
