"""How a CSV export is written: its delimiter (comma, semicolon, tab or pipe, read from the header line) and its
header, read as one record without parsing a single row, so a file of 100,000 columns costs one line."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from partnerops.ingest.errors import UnreadableFile

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SNIFF_CHARS = 1 << 16
QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"?')
VISIBLE_NUL = "\u2400"  # what a NUL byte is shown as: PostgreSQL stores no \x00 in text or JSON


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    header: list[str]


def read_dialect(path: Path, shown_as: Path) -> Dialect:
    """The delimiter and the header of the UTF-8 file `path`; errors name `shown_as`, the user's file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            delimiter = sniff_delimiter(_first_line(stream.read(SNIFF_CHARS)))
            stream.seek(0)
            fields = next(csv.reader(stream, delimiter=delimiter), [])
    except (csv.Error, OSError, UnicodeError) as exc:
        raise UnreadableFile(shown_as, f"cannot read the header (line 1): {exc}") from exc
    if not any(name.strip() for name in fields):
        raise UnreadableFile(shown_as, "line 1 is blank: the first line must be the header of the columns")
    return Dialect(delimiter, unique_names([name.replace("\x00", VISIBLE_NUL) for name in fields]))


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0]


def sniff_delimiter(line: str) -> str:
    """The candidate found most often outside quotes in the header line; a comma on a tie or when none is."""
    bare = QUOTED.sub("", line)
    counts = {delimiter: bare.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.__getitem__)
    return best if counts[best] else ","


def unique_names(header: list[str]) -> list[str]:
    """Repeated names get `_duplicated_N` (as Polars names them), so every column stays addressable."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        if name in seen:
            names.append(f"{name}_duplicated_{seen[name]}")
            seen[name] += 1
        else:
            seen[name] = 0
            names.append(name)
    return names
