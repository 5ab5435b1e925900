"""Listings as a table fitted to the terminal, as JSON or as CSV: one spec per listing, one place that renders it.

A table never wraps a number: text columns are cut short with an ellipsis first, then the least needed columns are
left out (named under the table), and when even the needed ones do not fit, each record is printed as a block.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

NEEDED = 9  # a column this keen is never left out; it goes to blocks instead
NAMING = 8  # a column this keen names the record: it is cut to no fewer than _SHORTEST_NAME characters
_SHORTEST_NAME = 30
_SHORTEST_TEXT = 10  # other text columns are cut to no fewer characters than this (or their heading)
_PER_COLUMN = 3  # the table's rule and padding around each column
_EDGE = 1


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def format_option() -> Any:
    """The `--format` option every listing takes: `Annotated[OutputFormat, format_option()] = OutputFormat.table`."""
    return typer.Option("--format", help="table (fitted to the terminal), json or csv.")


@dataclass(frozen=True)
class Column:
    """One field of a listing: its heading (also the JSON key and CSV header), how its values read, how keenly kept."""

    name: str
    numeric: bool = False
    keep: int = 5
    text: Callable[[Any], str] | None = None

    @property
    def key(self) -> str:
        return self.name.replace(" ", "_").lower()


@dataclass(frozen=True)
class Listing:
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    empty: str = "nothing to list"
    notes: Sequence[str] = field(default_factory=tuple)


def emit(listing: Listing, output: OutputFormat, console: Console | None = None) -> None:
    """Print LISTING on standard output in the chosen format."""
    if output is OutputFormat.json:
        json.dump([_record(listing.columns, row) for row in listing.rows], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif output is OutputFormat.csv:
        from partnerops.domain.spreadsheet import safe_writer

        writer = safe_writer(sys.stdout)
        writer.writerow(column.name for column in listing.columns)
        writer.writerows([_plain(value) for value in row] for row in listing.rows)
    else:
        show_table(listing, console or _console())


def emit_record(columns: Sequence[Column], row: Sequence[Any], output: OutputFormat) -> None:
    """Print one record: a field per line on the terminal, one object in JSON, a header and a row in CSV."""
    if output is OutputFormat.table:
        _show_blocks(columns, [[cell_text(c, v) for c, v in zip(columns, row, strict=True)]], _console())
    elif output is OutputFormat.json:
        json.dump(_record(columns, row), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        emit(Listing(columns, [row]), output)


def _console() -> Console:
    from rich.console import Console

    return Console()  # made now, so COLUMNS as it is at this call sets the width


def show_table(listing: Listing, console: Console) -> None:
    if not listing.rows:
        console.print(listing.empty, highlight=False)
    else:
        texts = [[cell_text(column, value) for column, value in zip(listing.columns, row, strict=True)]
                 for row in listing.rows]  # fmt: skip
        fitted = fit(listing.columns, texts, console.width)
        if fitted is None:
            _show_blocks(listing.columns, texts, console)
        else:
            _show_fitted(listing.columns, texts, fitted, console)
    for note in listing.notes:
        console.print(note, highlight=False)


def cell_text(column: Column, value: Any) -> str:
    if column.text is not None:
        return column.text(value)
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return f"{value:,}"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def fit(columns: Sequence[Column], texts: Sequence[Sequence[str]], width: int) -> dict[int, int] | None:
    """The width of each column shown (by position), or None when the needed columns do not fit side by side."""
    natural = {i: max(len(column.name), *(len(row[i]) for row in texts)) for i, column in enumerate(columns)}
    shown = list(natural)
    while True:
        least = {i: natural[i] if columns[i].numeric else min(natural[i], _shortest(columns[i])) for i in shown}
        spare = width - _EDGE - sum(least.values()) - _PER_COLUMN * len(shown)
        if spare >= 0:
            return _widen(columns, least, natural, spare)
        droppable = [i for i in shown if columns[i].keep < NEEDED]
        if not droppable:
            return None
        shown.remove(min(reversed(droppable), key=lambda i: columns[i].keep))


def _shortest(column: Column) -> int:
    return max(len(column.name), _SHORTEST_NAME if column.keep >= NAMING else _SHORTEST_TEXT)


def _widen(columns: Sequence[Column], least: dict[int, int], natural: dict[int, int], spare: int) -> dict[int, int]:
    """Room left over goes to the keenest columns first; the columns stay in their order."""
    widths = dict(least)
    for i in sorted(widths, key=lambda i: -columns[i].keep):
        grow = min(spare, natural[i] - widths[i])
        widths[i] += grow
        spare -= grow
    return widths


def _show_fitted(columns: Sequence[Column], texts: Sequence[Sequence[str]], widths: dict[int, int],
                 console: Console) -> None:  # fmt: skip
    from rich.table import Column as RichColumn
    from rich.table import Table

    table = Table(*(RichColumn(columns[i].name, justify="right" if columns[i].numeric else "left", no_wrap=True,
                               overflow="ellipsis", width=width) for i, width in widths.items()))  # fmt: skip
    for row in texts:
        table.add_row(*(row[i] for i in widths))
    console.print(table, highlight=False)
    left_out = [column.name for i, column in enumerate(columns) if i not in widths]
    if left_out:
        console.print(f"not shown at this width: {', '.join(left_out)} (a wider terminal or --format json shows "
                      "every field)", style="dim", highlight=False)  # fmt: skip


def _show_blocks(columns: Sequence[Column], texts: Sequence[Sequence[str]], console: Console) -> None:
    """One record per block, a field per line (a long value wraps under itself): for listings too wide to stand
    side by side, and for one record shown alone."""
    from rich.table import Table

    for number, row in enumerate(texts):
        if number:
            console.print()
        block = Table.grid(padding=(0, 2))
        block.add_column(justify="right", no_wrap=True)
        block.add_column(overflow="fold")
        for column, text in zip(columns, row, strict=True):
            block.add_row(column.name, text)
        console.print(block, highlight=False)


def _record(columns: Sequence[Column], row: Sequence[Any]) -> dict[str, Any]:
    return {column.key: _plain(value) for column, value in zip(columns, row, strict=True)}


def _plain(value: Any) -> Any:
    """A value as JSON and CSV carry it: exact decimals as text, dates in ISO 8601, choices by their value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
