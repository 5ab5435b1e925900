"""A quote that is never closed. Values may span lines, so the parser reads everything after such a quote into
one field, silently; only the file's last record can hold that field. This finds it, and the line it opens on."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from partnerops.ingest.byte_scan import newlines_before

LINE_ENDS = (b"", b"\n", b"\r\n")


@dataclass
class LastRecord:
    """What the parser gave last: the value of the header's last column in the last well-formed row, and the
    text of the last row with the wrong number of fields. The file's last record is one of the two."""

    value: str | None = None
    ragged_text: str | None = None


def open_quote_line(path: Path, delimiter: str, last: LastRecord) -> int | None:
    """The line where a field opens with a quote that runs unclosed to the end of the file, if one does."""
    contents = [last.value or ""]
    if last.ragged_text is not None:
        contents.append(_last_field(last.ragged_text, delimiter))
    return next((line for content in contents if (line := _opening_line(path, content, delimiter))), None)


def _last_field(text: str, delimiter: str) -> str:
    # Python's csv module reads quotes as Arrow does: only at the start of a field, doubled inside it.
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records[-1][-1] if records and records[-1] else ""


def _opening_line(path: Path, content: str, delimiter: str) -> int | None:
    """The file ends with '"' and `content` (quotes doubled, perhaps a line break), at the start of a field,
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
            if tail.endswith(opened + end) and before in (delimiter.encode(), b"\n", b"\r"):
                return newlines_before(path, start) + 1
    return None
