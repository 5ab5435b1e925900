"""A quote that is never closed. Values may span lines, so the parser reads the lines after such a quote into one
value, silently: up to the end of the file, or up to a later quote that it takes for the closing one. This finds
the record where that starts, and its line."""

from __future__ import annotations

import csv
import io
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from partnerops.ingest.byte_scan import newlines_before

LINE_ENDS = (b"", b"\n", b"\r\n")
AT_END = "unexpected end of data"


def unclosed_quote_line(path: Path, delimiter: str) -> int | None:
    """The line of the first record that an unclosed quote stretches over several lines, or to the end of the
    file. Python's csv module reads quotes as Arrow does (only at the start of a field, doubled inside it); in
    strict mode it also stops where a quote is followed by text, which is where a later quote closed the open
    one. The pass runs in C; only a file with such a stop is read again record by record to find the line."""
    with _any_field_size(), path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            deque(csv.reader(stream, delimiter=delimiter, strict=True), maxlen=0)
            return None
        except csv.Error:
            pass
    return _first_spanning_record(path, delimiter)


def _first_spanning_record(path: Path, delimiter: str) -> int | None:
    """Text after a closing quote on the record's own line ("a"b) is read leniently, as Arrow reads it."""
    with _any_field_size(), path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        start = 1
        while True:
            try:
                next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                if str(exc) == AT_END or reader.line_num > start:
                    return start
            start = reader.line_num + 1


@contextmanager
def _any_field_size() -> Iterator[None]:
    # A long value is not an error here; the module-wide limit is put back at once.
    before = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(before)


@dataclass
class LastRecord:
    """What the parser gave last: the value of the header's last column in the last well-formed row, and the
    text of the last row with the wrong number of fields. The file's last record is one of the two."""

    value: str | None = None
    ragged_text: str | None = None


def open_quote_line(path: Path, delimiter: str, fields: int, last: LastRecord) -> int | None:
    """The line where a field opens with a quote that runs unclosed to the end of the file, if one does, from what
    the parser gave for the last record. `fields` is the header's count, the fields of a well-formed row."""
    candidates = [(last.value or "", fields)]
    if last.ragged_text is not None:
        ragged = _fields(last.ragged_text, delimiter)
        candidates.append((ragged[-1] if ragged else "", len(ragged)))
    for content, count in candidates:
        # The open field is the record's last: after a delimiter, or at the start of a line when it is the only one.
        opener = delimiter.encode() if count > 1 else b"\n"
        if (line := _opening_line(path, content, opener)) is not None:
            return line
    return None


def _fields(text: str, delimiter: str) -> list[str]:
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records[-1] if records else []


def _opening_line(path: Path, content: str, opener: bytes) -> int | None:
    """The file ends with '"' and `content` (quotes doubled, perhaps a line break) right after `opener`,
    exactly when `content` is the value of a field whose quote never closes."""
    opened = ('"' + content.replace('"', '""')).encode()
    size = path.stat().st_size
    with path.open("rb") as stream:
        for end in LINE_ENDS:
            start = size - len(opened) - len(end)
            if start < 0:
                continue
            stream.seek(max(start - 1, 0))
            tail = stream.read()
            before = tail[:1] if start else b"\n"
            if tail.endswith(opened + end) and before == opener:
                return newlines_before(path, start) + 1
    return None
