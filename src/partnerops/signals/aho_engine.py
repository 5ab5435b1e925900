"""The Aho-Corasick matcher (pyahocorasick): the fallback where Hyperscan cannot be imported."""

from __future__ import annotations

import ahocorasick

from partnerops.signals.phrases import Hit, Phrase, fold_ascii, whole_word_hits


class AhoCorasickMatcher:
    engine = "ahocorasick"

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        keys: dict[str, list[int]] = {}
        for number, phrase in enumerate(phrases):
            keys.setdefault(fold_ascii(phrase.text), []).append(number)
        self.automaton = ahocorasick.Automaton()
        for key, numbers in keys.items():
            self.automaton.add_word(key, (len(key), tuple(numbers)))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        found: list[Hit] = []
        for last, (length, numbers) in self.automaton.iter(fold_ascii(text)):
            start, end = last - length + 1, last + 1
            found.extend(Hit(start, end, n) for n in numbers if self._case_matches(text, start, end, n))
        found.sort()
        return found

    def find_words(self, text: str) -> list[Hit]:
        return whole_word_hits(text, self.find(text), self.phrases)

    def _case_matches(self, text: str, start: int, end: int, number: int) -> bool:
        phrase = self.phrases[number]
        return not phrase.case_sensitive or text[start:end] == phrase.text
