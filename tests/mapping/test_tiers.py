"""Tiered matching on frames: each pair labelled with the strongest tier that finds it, and its score."""

from __future__ import annotations

import polars as pl

from partnerops.mapping.tiers import FuzzySettings, match_accounts


def _frame(rows: list[tuple[int, str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"id": pl.Int64, "name": pl.String, "domain": pl.String}, orient="row")


def _pairs(theirs: list[tuple[int, str, str | None]], ours: list[tuple[int, str, str | None]]) -> set[tuple]:
    found = match_accounts(_frame(theirs), _frame(ours))
    return set(found.select("their_id", "our_id", "tier", "score").rows())


def test_same_registrable_domain_matches_on_the_domain_tier_with_score_one() -> None:
    assert _pairs([(1, "Globex UK", "https://shop.globex.co.uk")], [(10, "Globex Ltd", "globex.co.uk")]) == {
        (1, 10, "domain", 1.0)}


def test_country_domains_of_different_companies_do_not_match() -> None:
    assert _pairs([(1, "Alpha", "alpha.co.uk")], [(10, "Beta", "beta.co.uk")]) == set()


def test_free_mail_domain_never_matches_even_when_equal() -> None:
    assert _pairs([(1, "Jane Doe Bakery", "gmail.com")], [(10, "Hooli", "gmail.com")]) == set()


def test_subsidiary_on_its_own_domain_is_not_its_parent() -> None:
    assert _pairs([(1, "Siemens Healthineers", "siemens-healthineers.com")],
                  [(10, "Siemens AG", "siemens.com")]) == set()


def test_normalised_name_matches_on_the_name_tier() -> None:
    assert _pairs([(1, "The Initech, Inc.", None)], [(10, "initech", "initech.de")]) == {(1, 10, "name", 1.0)}


def test_unicode_names_match_with_and_without_accents() -> None:
    assert _pairs([(1, "Müller Söhne GmbH", None)], [(10, "Muller Sohne", None)]) == {(1, 10, "name", 1.0)}


def test_typo_matches_on_the_fuzzy_tier_with_its_similarity() -> None:
    found = _pairs([(1, "Umbrela Corp", None)], [(10, "Umbrella Corporation", None)])
    assert found == {(1, 10, "fuzzy", 0.93)}


def test_fuzzy_threshold_keeps_dissimilar_names_apart() -> None:
    found = match_accounts(_frame([(1, "Initech Software", None)]), _frame([(10, "Initrode Systems", None)]),
                           FuzzySettings(threshold=90))
    assert found.height == 0


def test_a_record_matched_by_domain_is_not_offered_to_the_fuzzy_tier() -> None:
    found = _pairs([(1, "Acme Widgets", "acme.com")], [(10, "Acme", "acme.com"), (11, "Acme Widget", None)])
    assert found == {(1, 10, "domain", 1.0)}


def test_similar_names_on_two_different_domains_are_two_companies() -> None:
    assert _pairs([(1, "Umbrela Corp", "umbrela.io")], [(10, "Umbrella Corporation", "umbrella.com")]) == set()


def test_a_fuzzy_pair_must_be_the_best_for_our_record_too() -> None:
    found = _pairs([(1, "Umbrela Corp", None), (2, "Umbrellla Inc", None)], [(10, "Umbrella Corp", None)])
    assert found == {(2, 10, "fuzzy", 0.94)}
