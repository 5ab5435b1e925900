"""The phrase set a matcher is compiled from, the raw hits it reports, and the whole-word rule applied after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Phrase:
    text: str
    # Index of the owning tracker in the compiled set.
    tracker: int
    excluded: bool = False
    case_sensitive: bool = False
    whole_word: bool = True
    # Counted only in text written without capitals (automatic captions): an acronym's lower-case form.
    uncased_only: bool = False


@dataclass(frozen=True, order=True)
class Hit:
    """Phrase number `phrase` found at text[start:end] (character offsets)."""

    start: int
    end: int
    phrase: int


class Matcher(Protocol):
    engine: str

    def find(self, text: str) -> list[Hit]:
        """Every occurrence of every phrase (case rule applied, word rule not yet), sorted by position."""
        ...

    def find_words(self, text: str) -> list[Hit]:
        """`find` with the whole-word rule applied."""
        ...


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def at_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word ("Acme" in "Acmeville" is not)."""
    before_ok = start == 0 or not is_word_char(text[start - 1]) or not is_word_char(text[start])
    after_ok = end >= len(text) or not is_word_char(text[end]) or not is_word_char(text[end - 1])
    return before_ok and after_ok


def whole_word_hits(text: str, hits: list[Hit], phrases: list[Phrase]) -> list[Hit]:
    return [h for h in hits if not phrases[h.phrase].whole_word or at_word_boundaries(text, h.start, h.end)]


ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def fold_ascii(text: str) -> str:
    """Lower-case ASCII letters only, keeping every offset: the same caseless rule Hyperscan applies."""
    return text.lower() if text.isascii() else text.translate(ASCII_LOWER)
