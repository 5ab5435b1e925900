"""CSV cells that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`) are written with a
leading apostrophe, so an export opened in Excel or Sheets shows the text and runs nothing. Plain numbers, negative
ones included, are left as they are. Every CSV the product writes goes through `safe_writer`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["safe_cell", "safe_writer"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|\d*\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    """`value`, or its text behind an apostrophe when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


class _Writable(Protocol):
    def write(self, text: str, /) -> int: ...


class SafeWriter:
    """csv.writer's writerow/writerows with every cell passed through `safe_cell`."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        options = {"lineterminator": "\n"} | options
        self._writer = csv.writer(out, **options)
        # csv quotes a value holding the line terminator ("\n") but not a lone "\r", which readers take for a line
        # break: a row with one is written with every value quoted.
        self._quoting = csv.writer(out, **(options | {"quoting": csv.QUOTE_ALL}))

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [safe_cell(value) for value in row]
        writer = self._quoting if any(isinstance(c, str) and "\r" in c for c in cells) else self._writer
        writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out: _Writable, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
