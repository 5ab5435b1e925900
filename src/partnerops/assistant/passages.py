"""Cutting a document's sections into passages small enough to quote, each under its heading."""

from __future__ import annotations

from dataclasses import dataclass

from partnerops.assistant.documents import ParsedDocument, Section

# A passage is a paragraph or a few: long enough to answer a question, short enough to quote.
MAX_WORDS = 120


@dataclass(frozen=True)
class Passage:
    ordinal: int
    heading: str
    anchor: str
    text: str

    @property
    def indexed_text(self) -> str:
        """What retrieval matches on: the heading says what the passage is about."""
        return f"{self.heading}\n{self.text}"


def passages_of(document: ParsedDocument) -> list[Passage]:
    chunks = [(section, chunk) for section in document.sections for chunk in _chunks(section)]
    return [Passage(n, s.heading, s.anchor, chunk) for n, (s, chunk) in enumerate(chunks)]


def _chunks(section: Section) -> list[str]:
    """The section's lines packed greedily into chunks of at most MAX_WORDS words (a longer line is cut)."""
    chunks: list[list[str]] = [[]]
    for piece in (piece for line in section.text.splitlines() for piece in _pieces(line)):
        if chunks[-1] and _words(chunks[-1]) + len(piece.split()) > MAX_WORDS:
            chunks.append([])
        chunks[-1].append(piece)
    return ["\n".join(chunk) for chunk in chunks if chunk]


def _pieces(line: str) -> list[str]:
    words = line.split()
    return [" ".join(words[i : i + MAX_WORDS]) for i in range(0, len(words), MAX_WORDS)]


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)
