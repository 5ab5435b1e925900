"""The text of an HTML-only email body or a list archive's message page: block elements break lines, so do line
breaks inside `<pre>`, and `<blockquote>` lines read as `>` quotes."""

from __future__ import annotations

from html.parser import HTMLParser

BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr", "pre"})
SILENT = frozenset({"style", "script", "head", "title"})


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (blockquote depth, text) of each line
        self.lines: list[tuple[int, str]] = [(0, "")]
        self.depth = 0
        self.silent = 0
        # Inside <pre> (a list archive's message body) the text's own line breaks are lines.
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, -1)

    def _tag(self, tag: str, step: int) -> None:
        if tag in SILENT:
            self.silent = max(0, self.silent + step)
        if tag == "blockquote":
            self.depth = max(0, self.depth + step)
        if tag == "pre":
            self.preformatted = max(0, self.preformatted + step)
        if tag in BREAKS or tag == "blockquote":
            self.lines.append((self.depth, ""))

    def handle_data(self, data: str) -> None:
        if self.silent:
            return
        first, *others = data.split("\n") if self.preformatted else [data]
        depth, text = self.lines[-1]
        self.lines[-1] = (depth, text + first)
        self.lines += [(self.depth, line) for line in others]


def html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "\n".join("> " * depth + " ".join(text.split()) for depth, text in parser.lines if text.strip())
