"""Tables that fit the terminal without breaking a number: every Rich table a command prints passes through here.

No column is narrower than its longest word, so text wraps between words and a figure is never broken, and a
right-aligned (number) column keeps each value on one line. When even that is wider than the terminal, the table
is printed one row per block of `heading: value` lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleRenderable, RenderableType, RenderHook
from rich.table import Table
from rich.text import Text

__all__ = ["FitTables", "fitted"]

_PER_COLUMN = 3  # a column's rule and padding


class FitTables(RenderHook):
    """A render hook: each table printed on CONSOLE is fitted to the console's width first."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def process_renderables(
        self, renderables: list[ConsoleRenderable]
    ) -> list[ConsoleRenderable]:
        fitted_ones: list[ConsoleRenderable] = []
        for renderable in renderables:
            if isinstance(renderable, Table):
                fitted_ones.extend(fitted(renderable, self.console.width))
            else:
                fitted_ones.append(renderable)
        return fitted_ones


def fitted(table: Table, width: int) -> list[ConsoleRenderable]:
    """TABLE with widths that break no figure, or its rows as blocks when it cannot fit WIDTH."""
    cells = [[_plain(cell) for cell in column.cells] for column in table.columns]
    least, natural = [], []
    for column, texts in zip(table.columns, cells, strict=True):
        lines = [line for text in (*texts, _plain(column.header)) for line in text.splitlines()]
        longest = max((len(line) for line in lines), default=0)
        # A column is never narrower than its longest word: text wraps between words, a figure never breaks.
        words = max((len(word) for line in lines for word in line.split()), default=0)
        if column.justify == "right":
            column.no_wrap, words = True, max((len(line) for text in texts for line in text.splitlines()), default=0)
        least.append(max(words, column.min_width or 0))
        natural.append(max(longest, least[-1]))
    frame = 1 + _PER_COLUMN * len(table.columns)
    if not table.columns or frame + sum(natural) <= width:
        return [table]
    if frame + sum(least) > width:
        return _blocks(table, cells)
    spare = width - frame - sum(least)
    for column, low, high in zip(table.columns, least, natural, strict=True):
        grow = min(spare, high - low)
        column.width, spare = low + grow, spare - grow  # exact widths: Rich's own sharing may round over
    return [table]


def _blocks(table: Table, cells: Sequence[Sequence[str]]) -> list[ConsoleRenderable]:
    headings = [" ".join(_plain(column.header).split()) for column in table.columns]
    lines: list[ConsoleRenderable] = []
    if table.title:
        lines.append(Text(_plain(table.title), style="bold"))
    for row in range(table.row_count):
        lines.append(Text(cells[0][row] or "-", style="bold"))
        lines.extend(Text(f"  {heading}: {' '.join(column[row].split())}")
                     for heading, column in zip(headings[1:], cells[1:], strict=True))
    return lines


def _plain(cell: RenderableType) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain
    return str(cell)
