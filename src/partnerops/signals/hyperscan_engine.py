"""The Hyperscan matcher: every phrase of every tracker compiled into one literal database and found in one pass.

Phrases are literals, so the database is built by Hyperscan's pure-literal compiler without start-of-match
tracking: a hit's start is its end minus the literal's length in bytes. The Python callback only appends one
integer per hit; starts, phrase numbers, the word rule, character offsets and the order are then computed with
NumPy over all of a scan's hits at once, so `Hit` objects are made only for the hits returned.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

import hyperscan
import numpy as np
from numpy.typing import NDArray

from partnerops.signals.phrases import Hit, Phrase, fold_ascii, whole_word_hits

Ints = NDArray[np.int64]
# A hit travels from the callback as `end << LITERAL_BITS | literal`: one int instead of a tuple.
LITERAL_BITS = 24


@dataclass(frozen=True)
class Literal:
    """One distinct pattern compiled into the database and the phrases it stands for."""

    pattern: bytes
    caseless: bool
    phrases: tuple[int, ...]


def literals(phrases: list[Phrase]) -> list[Literal]:
    """Phrases sharing a pattern and case rule compiled once; caseless ones keyed by their ASCII fold, which is
    the caseless rule Hyperscan applies."""
    grouped: dict[tuple[bytes, bool], list[int]] = {}
    for number, phrase in enumerate(phrases):
        caseless = not phrase.case_sensitive and _has_ascii_letter(phrase.text)
        text = fold_ascii(phrase.text) if caseless else phrase.text
        grouped.setdefault((text.encode("utf-8"), caseless), []).append(number)
    return [Literal(pattern, caseless, tuple(numbers)) for (pattern, caseless), numbers in grouped.items()]


def _has_ascii_letter(text: str) -> bool:
    # Hyperscan's caseless flag only folds ASCII letters: without one it changes nothing.
    return any("a" <= c <= "z" or "A" <= c <= "Z" for c in text)


def _collect(literal: int, _start: int, end: int, _flags: int, found: Any) -> None:
    found.append(end << LITERAL_BITS | literal)


@dataclass(frozen=True)
class Spans:
    """Hits as arrays: byte (or character) offsets and phrase numbers, one row per phrase hit."""

    starts: Ints
    ends: Ints
    numbers: Ints

    def where(self, keep: NDArray[np.bool_]) -> Spans:
        return Spans(self.starts[keep], self.ends[keep], self.numbers[keep])

    def hits(self) -> list[Hit]:
        """Sorted as `Hit`s sort: by start, end, phrase."""
        order = np.lexsort((self.numbers, self.ends, self.starts))
        return list(map(Hit, self.starts[order].tolist(), self.ends[order].tolist(), self.numbers[order].tolist()))


@dataclass(frozen=True)
class LiteralTable:
    """Per literal: its length in bytes, and where its phrase numbers lie in one flat array."""

    lengths: Ints
    first: Ints
    counts: Ints
    numbers: Ints

    @classmethod
    def of(cls, found: list[Literal]) -> LiteralTable:
        counts = np.array([len(lit.phrases) for lit in found], dtype=np.int64)
        return cls(np.array([len(lit.pattern) for lit in found], dtype=np.int64), np.cumsum(counts) - counts,
                   counts, np.array([n for lit in found for n in lit.phrases], dtype=np.int64))

    def spans(self, packed: list[int]) -> Spans:
        """The callback's packed hits as spans, one row per phrase a literal stands for."""
        hits = np.array(packed, dtype=np.int64)
        ends, literal = hits >> LITERAL_BITS, hits & ((1 << LITERAL_BITS) - 1)
        starts, counts = ends - self.lengths[literal], self.counts[literal]
        if bool((counts == 1).all()):
            return Spans(starts, ends, self.numbers[self.first[literal]])
        # A literal standing for k phrases becomes k rows: first[literal] + 0..k-1 into the flat array.
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        numbers = self.numbers[np.repeat(self.first[literal], counts) + offsets]
        return Spans(np.repeat(starts, counts), np.repeat(ends, counts), numbers)


class HyperscanMatcher:
    engine = "hyperscan"

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self.literals = literals(phrases)
        if len(self.literals) >= 1 << LITERAL_BITS:
            raise ValueError(f"at most {(1 << LITERAL_BITS) - 1:,} distinct phrases, got {len(self.literals):,}")
        self.table = LiteralTable.of(self.literals)
        self.whole_word = np.array([p.whole_word for p in phrases], dtype=bool)
        self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.database.compile(expressions=[lit.pattern for lit in self.literals],
                              ids=list(range(len(self.literals))), elements=len(self.literals),
                              flags=[hyperscan.HS_FLAG_CASELESS if lit.caseless else 0 for lit in self.literals],
                              literal=True)
        self.scratch = hyperscan.Scratch(self.database)

    def find(self, text: str) -> list[Hit]:
        """Every occurrence of every phrase (case rule applied, word rule not yet), sorted by position."""
        data = text.encode("utf-8")
        return _in_characters(self._scan(data), data, text).hits()

    def find_words(self, text: str) -> list[Hit]:
        """`find` with the whole-word rule applied: the same as `whole_word_hits(text, find(text), phrases)`, but
        checked over arrays before any `Hit` is made (most raw hits are parts of longer names)."""
        data = text.encode("utf-8")
        spans = self._scan(data)
        if len(data) != len(text):
            # Word characters beyond ASCII follow Unicode's rule: such text takes the per-hit check.
            return whole_word_hits(text, _in_characters(spans, data, text).hits(), self.phrases)
        return spans.where(~self.whole_word[spans.numbers] | at_ascii_word_boundaries(data, spans)).hits()

    def _scan(self, data: bytes) -> Spans:
        found: list[int] = []
        self.database.scan(data, match_event_handler=_collect, context=found, scratch=self.scratch)
        return self.table.spans(found)


# is_word_char for ASCII bytes: letters, digits and "_".
ASCII_WORD = np.zeros(256, dtype=bool)
ASCII_WORD[[ord(c) for c in string.ascii_letters + string.digits + "_"]] = True


def at_ascii_word_boundaries(data: bytes, spans: Spans) -> NDArray[np.bool_]:
    """`phrases.at_word_boundaries` over the spans of ASCII text, looking only at the bytes around each hit."""
    around = np.stack([spans.starts - 1, spans.starts, spans.ends - 1, spans.ends]).clip(0, max(0, len(data) - 1))
    word = ASCII_WORD[np.frombuffer(data, dtype=np.uint8)[around]]
    before_ok = (spans.starts == 0) | ~word[0] | ~word[1]
    after_ok = (spans.ends >= len(data)) | ~word[3] | ~word[2]
    boundaries: NDArray[np.bool_] = before_ok & after_ok
    return boundaries


def _in_characters(spans: Spans, data: bytes, text: str) -> Spans:
    """Byte offsets as character offsets: each minus the UTF-8 continuation bytes before it."""
    if len(data) == len(text):
        return spans
    continuation = np.flatnonzero((np.frombuffer(data, dtype=np.uint8) & 0xC0) == 0x80)
    return Spans(spans.starts - np.searchsorted(continuation, spans.starts),
                 spans.ends - np.searchsorted(continuation, spans.ends), spans.numbers)
