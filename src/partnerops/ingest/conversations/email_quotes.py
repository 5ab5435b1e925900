"""Which lines of an email body quote an earlier message: `>` lines, everything after an "On ... wrote:" line
that no `>` line follows, and Outlook's "-----Original Message-----" or "From: ... Sent: ..." header blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_MARK = re.compile(r"^\s*(?:>\s?)+")
# "On Tue, 3 Mar 2026, Jo Park <jo@initech.io> wrote:", also as clients in other languages write it.
ATTRIBUTION_END = re.compile(r"(?:wrote|writes|schrieb|a écrit|escribió|scrisse|schreef|skrev)\s*:\s*$",
                             re.IGNORECASE)
ATTRIBUTION_START = re.compile(r"^\s*(?:On|Am|Le|El|Il|Op|Den|Em)\s", re.IGNORECASE)
ORIGINAL_MESSAGE = re.compile(r"^\s*-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}\s*$", re.IGNORECASE)
OUTLOOK_FROM = re.compile(r"^\s*\*?From:\*?\s+\S")
OUTLOOK_NEXT = re.compile(r"^\s*\*?(?:Sent|Date|To):\*?\s+\S")


@dataclass(frozen=True)
class BodyLine:
    text: str
    quoted: bool


def body_lines(body: str) -> list[BodyLine]:
    """The body's non-blank lines, each marked quoted or not; a quoted line loses its `>` marks."""
    lines = body.splitlines()
    quoted = _quoted_lines(lines)
    found = []
    for number, line in enumerate(lines):
        marked = QUOTE_MARK.match(line)
        text = line[marked.end():] if marked else line
        if text.strip():
            found.append(BodyLine(text.strip(), bool(marked) or number in quoted))
    return found


def _quoted_lines(lines: list[str]) -> set[int]:
    """Unmarked lines that quote: attribution lines, and from a block that quotes the rest, every line."""
    quoted: set[int] = set()
    for number, line in enumerate(lines):
        if QUOTE_MARK.match(line):
            continue
        if ORIGINAL_MESSAGE.match(line) or _outlook_header(lines, number):
            return quoted | set(range(number, len(lines)))
        start = _attribution_start(lines, number)
        if start is None:
            continue
        if not _next_is_marked(lines, number + 1):
            return quoted | set(range(start, len(lines)))
        quoted |= set(range(start, number + 1))
    return quoted


def _attribution_start(lines: list[str], number: int) -> int | None:
    """Where an "On ... wrote:" line that ends at `number` starts (clients wrap it over two lines)."""
    if not ATTRIBUTION_END.search(lines[number]):
        return None
    if ATTRIBUTION_START.match(lines[number]):
        return number
    if number > 0 and ATTRIBUTION_START.match(lines[number - 1]) and lines[number - 1].strip():
        return number - 1
    return None


def _outlook_header(lines: list[str], number: int) -> bool:
    """A "From: ..." line with "Sent:", "Date:" or "To:" within the next two lines."""
    return bool(OUTLOOK_FROM.match(lines[number])) and any(
        OUTLOOK_NEXT.match(line) for line in lines[number + 1:number + 3])


def _next_is_marked(lines: list[str], start: int) -> bool:
    following = next((line for line in lines[start:] if line.strip()), "")
    return bool(QUOTE_MARK.match(following))
