"""HTML program documents, parsed with BeautifulSoup into sections under their h1–h6 headings."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from partnerops.assistant.documents import ParsedDocument, Section, anchor_for, decoded

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "pre", "td", "th", "blockquote", "dt", "dd")


def read(path: Path, content: bytes) -> ParsedDocument:
    soup = BeautifulSoup(decoded(path, content), "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    body = soup.body or soup
    sections = _sections(body, path.stem)
    title_tag = soup.title.get_text(" ", strip=True) if soup.title else ""
    title = title_tag or next((s.heading for s in sections if s.heading != path.stem), path.stem)
    return ParsedDocument(path.name, title, "html", tuple(s for s in sections if s.text))


def _sections(body: Tag, untitled: str) -> list[Section]:
    sections: list[Section] = []
    heading, anchor, lines = untitled, anchor_for(untitled), list[str]()
    for element in body.find_all([*_HEADINGS, *_BLOCKS]):
        if element.name in _HEADINGS:
            sections.append(Section(heading, anchor, "\n".join(lines)))
            heading = element.get_text(" ", strip=True)
            anchor, lines = _anchor(element, heading), []
        elif element.find_parent(_BLOCKS) is None:
            text = element.get_text(" ", strip=True)
            if text:
                lines.append(text)
    sections.append(Section(heading, anchor, "\n".join(lines)))
    return sections


def _anchor(element: Tag, heading: str) -> str:
    """The heading's own id when it has one (links then land on it), else one made from its text."""
    given = element.get("id")
    return given if isinstance(given, str) and given else anchor_for(heading)
