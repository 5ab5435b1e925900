"""Normalised company names: legal forms, punctuation, `&`/`and`, a leading The, Unicode and accents."""

from __future__ import annotations

import polars as pl
import pytest

from partnerops.mapping.names import normalised_names


def _normalised(name: str) -> str | None:
    return pl.select(normalised_names(pl.lit(name, pl.String))).item()


@pytest.mark.parametrize(("name", "expected"), [
    ("Acme, Inc.", "acme"),
    ("ACME Corporation", "acme"),
    ("The Müller & Söhne GmbH & Co. KG", "muller and sohne"),
    ("Nestlé S.A.", "nestle"),
    ("Straße AG", "strasse"),
    ("Ørsted A/S", "orsted"),
    ("Ｆｕｌｌｗｉｄｔｈ Ltd", "fullwidth"),
    ("Tesco plc", "tesco"),
    ("Société Générale", "societe generale"),
])
def test_legal_forms_punctuation_and_accents_fold_away(name: str, expected: str) -> None:
    assert _normalised(name) == expected


def test_ampersand_and_and_are_the_same_name() -> None:
    assert _normalised("Johnson & Johnson") == _normalised("Johnson and Johnson")


def test_a_subsidiary_keeps_the_words_that_tell_it_from_its_parent() -> None:
    assert _normalised("Siemens Healthineers AG") != _normalised("Siemens AG")
