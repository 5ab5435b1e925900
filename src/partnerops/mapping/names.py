"""Company names reduced to what identifies the company: Unicode NFKC, case and accents folded, punctuation,
`&`/`and`, a leading "The" and legal-form suffixes (Inc., GmbH, S.A., plc ...) removed. Vectorised."""

from __future__ import annotations

import polars as pl

__all__ = ["LEGAL_FORMS", "normalised_names"]

# Legal forms as they read once dots are gone and other punctuation is a space ("S.A." -> "sa").
LEGAL_FORMS: tuple[str, ...] = (
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "llc", "llp", "lp",
    "plc", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "ev", "sa", "sas", "sarl", "sasu", "srl", "spa", "sl",
    "slu", "bv", "nv", "vof", "oy", "oyj", "ab", "as", "asa", "aps", "a/s", "pty", "pte", "kk", "se", "ltda",
    "sp", "zoo", "sro", "doo", "pllc", "pc", "group", "holding", "holdings",
)
# Letters Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
_SUFFIXES = r"(?:\s+(?:" + "|".join(sorted(set(LEGAL_FORMS), key=len, reverse=True)) + r"|and))+$"


def normalised_names(names: pl.Expr) -> pl.Expr:
    """"The Müller & Söhne GmbH & Co. KG" -> "muller and sohne"; null when nothing identifying is left."""
    text = names.str.normalize("NFKD").str.replace_all(r"\p{M}+", "").str.normalize("NFKC").str.to_lowercase()
    text = text.str.replace_many(list(_UNDECOMPOSED), list(_UNDECOMPOSED.values()))
    text = text.str.replace_all("&", " and ", literal=True).str.replace_all(r"\ba/s\b", "as")
    text = text.str.replace_all(r"(\w)\.(\w)\.?", "$1$2").str.replace_all(r"\.", "")
    text = text.str.replace_all(r"[^\w\s]+", " ").str.replace_all(r"[\s_]+", " ").str.strip_chars()
    text = text.str.replace(r"^the\s+", "").str.replace(_SUFFIXES, "")
    return pl.when(text.str.len_chars() > 0).then(text)
