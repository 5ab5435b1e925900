"""The Hyperscan matcher: every phrase of every tracker compiled into one database and found in one pass."""

from __future__ import annotations

import hyperscan

from partnerops.signals.phrases import Hit, Phrase


def _expression(phrase: Phrase) -> bytes:
    # Each byte escaped as \xHH: a literal in PCRE syntax whatever punctuation or UTF-8 the phrase holds.
    return "".join(f"\\x{byte:02x}" for byte in phrase.text.encode("utf-8")).encode("ascii")


def _flags(phrase: Phrase) -> int:
    flags: int = hyperscan.HS_FLAG_SOM_LEFTMOST
    return flags if phrase.case_sensitive else flags | hyperscan.HS_FLAG_CASELESS


class HyperscanMatcher:
    engine = "hyperscan"

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.database.compile(expressions=[_expression(p) for p in phrases], ids=list(range(len(phrases))),
                              elements=len(phrases), flags=[_flags(p) for p in phrases])
        self.scratch = hyperscan.Scratch(self.database)

    def find(self, text: str) -> list[Hit]:
        data = text.encode("utf-8")
        found: list[tuple[int, int, int]] = []

        def on_match(phrase: int, start: int, end: int, _flags: int, _context: object) -> None:
            found.append((start, end, phrase))

        self.database.scan(data, match_event_handler=on_match, scratch=self.scratch)
        found.sort()
        if len(data) == len(text):
            return [Hit(s, e, p) for s, e, p in found]
        return _to_characters(data, found)


def _to_characters(data: bytes, found: list[tuple[int, int, int]]) -> list[Hit]:
    """Byte offsets (UTF-8) back to character offsets, walking the sorted hits once."""
    char_at: dict[int, int] = {}
    chars, last = 0, 0
    for offset in sorted({o for s, e, _ in found for o in (s, e)}):
        chars += len(data[last:offset].decode("utf-8", errors="ignore"))
        char_at[offset], last = chars, offset
    return [Hit(char_at[s], char_at[e], p) for s, e, p in found]
