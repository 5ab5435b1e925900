"""Markdown program documents, parsed with markdown-it-py into sections under their headings."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from partnerops.assistant.documents import ParsedDocument, Section, anchor_for, decoded

_TEXT_BLOCKS = frozenset({"inline", "fence", "code_block"})


def read(path: Path, content: bytes) -> ParsedDocument:
    tokens = MarkdownIt("commonmark").enable("table").parse(decoded(path, content))
    sections = _sections(tokens, path.stem)
    title = next((s.heading for s in sections if s.heading != path.stem), path.stem)
    return ParsedDocument(path.name, title, "markdown", tuple(s for s in sections if s.text))


def _sections(tokens: list[Token], untitled: str) -> list[Section]:
    sections: list[Section] = []
    heading, lines = untitled, list[str]()
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            sections.append(Section(heading, anchor_for(heading), "\n".join(lines)))
            in_heading, lines = True, []
        elif token.type == "heading_close":
            in_heading = False
        elif token.type in _TEXT_BLOCKS and in_heading:
            heading = token.content.strip()
        elif token.type in _TEXT_BLOCKS and token.content.strip():
            lines.append(token.content.strip())
    sections.append(Section(heading, anchor_for(heading), "\n".join(lines)))
    return sections
