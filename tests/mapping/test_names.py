"""Normalised company names of a whole column: the same words the domain rule gives for each name."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.domain.company_names import normalise_name
from partnerops.mapping.names import normalised_names


def _normalised(names: list[str | None]) -> list[str | None]:
    return pl.DataFrame({"name": names}, schema={"name": pl.String}).select(
        normalised_names(pl.col("name"))).to_series().to_list()


@pytest.mark.parametrize(("name", "expected"), [
    ("Acme, Inc.", "acme"),
    ("ACME Corporation", "acme"),
    ("The Müller & Söhne GmbH & Co. KG", "muller sohne"),
    ("Nestlé S.A.", "nestle"),
    ("Straße AG", "strasse"),
    ("Ørsted A/S", "orsted"),
    ("Tesco plc", "tesco"),
    ("Home Depot (The)", "home depot"),
    ("Amazon.com, Inc.", "amazon"),
    ("D. R. Horton, Inc.", "dr horton"),
    ("Alphabet Inc. (Class A)", "alphabet"),
])
def test_legal_forms_punctuation_share_classes_and_accents_fold_away(name: str, expected: str) -> None:
    assert _normalised([name]) == [expected]


def test_a_blank_or_missing_name_has_no_normalised_name() -> None:
    assert _normalised(["", "  ", "(The)", None]) == [None, None, None, None]


# Letters of several scripts, accents, signs and the words the rules act on.
PIECES = st.sampled_from([
    "a", "b", "é", "Ü", "ø", "ß", "Σ", "ς", "ガ", "株", "ǅ", "İ", "Ⅻ", "²", "ﬁ", "&", "+", ".", ",", "'", "’", "(",
    ")", "-", "_", "/", " ", "  ", "\t", "The ", " the", " Inc.", " Corp", "Corporation ", " Cos", " Class A",
    " (Class B)", " and ", ".com", " Co.", " GmbH", " s.a.", "D. R. ", " Holdings", "AT&T", "3M", "Lowe's",
])


# Any character of the Basic Multilingual Plane that Python's Unicode tables know: Python and Polars (Rust) ship
# tables of different Unicode versions, so a character newer than Python's is left out.
CHARACTERS = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cn", "Cs", "Co"))


@given(st.lists(st.one_of(PIECES, st.text(CHARACTERS, max_size=3)), max_size=12).map("".join))
def test_the_column_rule_agrees_with_the_domain_rule(name: str) -> None:
    assert _normalised([name]) == [normalise_name(name) or None]
