"""The Hyperscan matcher reports exactly what the pyahocorasick matcher reports: every raw occurrence of every
phrase, with the case rule, at character offsets, in the same order, whatever the text and the phrase set; and its
whole-word hits are those the per-hit word rule keeps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.signals.aho_engine import AhoCorasickMatcher
from partnerops.signals.phrases import Hit, Phrase, whole_word_hits

hyperscan_engine = pytest.importorskip("partnerops.signals.hyperscan_engine")

# A small alphabet so phrases overlap, repeat and nest often; with capitals, non-ASCII letters and punctuation.
ALPHABET = "aAbB cC-_1ü.Ü€"
phrase_texts = st.text(ALPHABET, min_size=1, max_size=5).filter(lambda t: t.strip() == t and t)
phrases = st.lists(st.builds(Phrase, phrase_texts, st.integers(0, 3), st.booleans(), st.booleans(), st.booleans()),
                   min_size=1, max_size=12)


def both(phrase_set: list[Phrase], text: str) -> tuple[list[Hit], list[Hit]]:
    return (hyperscan_engine.HyperscanMatcher(phrase_set).find(text), AhoCorasickMatcher(phrase_set).find(text))


@settings(max_examples=300, deadline=None)
@given(phrases, st.text(ALPHABET + "\n", max_size=80))
def test_hyperscan_reports_the_same_hits_as_ahocorasick(phrase_set: list[Phrase], text: str) -> None:
    ours, reference = both(phrase_set, text)
    assert ours == reference


@settings(max_examples=300, deadline=None)
@given(phrases, st.one_of(st.text(ALPHABET + "\n", max_size=80), st.text("aAbB cC-_1.\n", max_size=80)))
def test_hits_checked_for_whole_words_equal_the_per_hit_rule(phrase_set: list[Phrase], text: str) -> None:
    ours = hyperscan_engine.HyperscanMatcher(phrase_set).find_words(text)
    assert ours == whole_word_hits(text, AhoCorasickMatcher(phrase_set).find(text), phrase_set)


def test_a_part_of_a_longer_word_is_no_whole_word_hit() -> None:
    matcher = hyperscan_engine.HyperscanMatcher([Phrase("Acme", 0), Phrase("cme", 1, whole_word=False)])
    assert matcher.find_words("Acmeville_x, Acme. acme_1 ACME") == [
        Hit(1, 4, 1), Hit(13, 17, 0), Hit(14, 17, 1), Hit(20, 23, 1), Hit(26, 30, 0), Hit(27, 30, 1)]


def test_a_case_sensitive_phrase_matches_only_as_written() -> None:
    phrase_set = [Phrase("AWS", 0, case_sensitive=True), Phrase("aws", 1)]
    ours, reference = both(phrase_set, "aws AWS Aws")
    assert ours == reference == [Hit(0, 3, 1), Hit(4, 7, 0), Hit(4, 7, 1), Hit(8, 11, 1)]


def test_offsets_are_characters_after_non_ascii_text() -> None:
    text = "Grüße aus Zürich – wir nutzen Acme Cloud"
    ours, reference = both([Phrase("acme cloud", 0), Phrase("Zürich", 1)], text)
    assert ours == reference == [Hit(10, 16, 1), Hit(text.index("Acme"), len(text), 0)]


def test_phrases_sharing_a_pattern_are_compiled_once_and_all_reported() -> None:
    phrase_set = [Phrase("Acme", 0), Phrase("ACME", 1), Phrase("acme", 2, case_sensitive=True), Phrase("42", 3)]
    compiled = hyperscan_engine.literals(phrase_set)
    assert [(lit.pattern, lit.caseless, lit.phrases) for lit in compiled] == [
        (b"acme", True, (0, 1)), (b"acme", False, (2,)), (b"42", False, (3,))]
    ours, reference = both(phrase_set, "acme 42")
    assert ours == reference == [Hit(0, 4, 0), Hit(0, 4, 1), Hit(0, 4, 2), Hit(5, 7, 3)]


def test_text_without_any_phrase_gives_no_hits() -> None:
    assert both([Phrase("Acme", 0)], "nothing to see") == ([], [])
