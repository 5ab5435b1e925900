"""A program document as the assistant reads it: a title and sections under headings, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DocumentError(ValueError):
    """A file that cannot be imported as a program document, with the reason (it is quarantined)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path.name}: {reason}")


@dataclass(frozen=True)
class Section:
    heading: str
    anchor: str
    text: str


@dataclass(frozen=True)
class ParsedDocument:
    name: str
    title: str
    format: str
    sections: tuple[Section, ...]


def read_document(path: Path, content: bytes) -> ParsedDocument:
    """Parse `content` (the bytes of `path`) by its extension: Markdown, HTML or PDF."""
    from partnerops.assistant import html_reader, markdown_reader, pdf_reader

    readers = {".md": markdown_reader.read, ".markdown": markdown_reader.read, ".html": html_reader.read,
               ".htm": html_reader.read, ".pdf": pdf_reader.read}  # fmt: skip
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(path, f"unsupported file type {path.suffix or '(none)'}: use .md, .html or .pdf")
    parsed = reader(path, content)
    if not any(section.text.strip() for section in parsed.sections):
        raise DocumentError(path, "the document has no text")
    return parsed


def decoded(path: Path, content: bytes) -> str:
    """Text files must be UTF-8 (a BOM is allowed)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc


def anchor_for(heading: str) -> str:
    """The GitHub-style anchor of a heading: lower case, words joined by hyphens."""
    words = "".join(ch if ch.isalnum() or ch in " -" else "" for ch in heading.lower()).split()
    return "-".join(words) or "top"
