"""Tables printed by commands fit the terminal without breaking a figure: columns are never narrower than their
longest word, numbers stay on one line, and a table that cannot fit is printed one row per block."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from partnerops.cli.fitting import FitTables

INTERVALS = ("49.7% (47.9–51.6)", "20.5% (19.3–21.8)", "2.42× (2.26–2.60)")


def printed(table: Table, width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    console.push_render_hook(FitTables(console))
    console.print(table)
    return out.getvalue().splitlines()


def win_rates(*extra: str) -> Table:
    table = Table("scope", "attached win rate", "direct win rate", "uplift", *extra)
    for scope in ("overall", "2026-Q1", "2026-Q2"):
        table.add_row(scope, *INTERVALS, *("12,345,678.90" for _ in extra))
    return table


def test_a_table_that_fits_by_wrapping_words_never_breaks_a_figure() -> None:
    lines = printed(win_rates(), 50)
    text = "\n".join(lines)
    assert max(map(len, lines)) <= 50
    for figure in ("(47.9–51.6)", "(19.3–21.8)", "(2.26–2.60)", "49.7%", "2.42×"):
        assert figure in text


def test_a_number_column_keeps_each_value_on_one_line() -> None:
    table = Table("partner", "won amount")
    table.columns[1].justify = "right"
    table.add_row("Pineport Consulting International Holdings", "1,234,567.89 USD")
    lines = printed(table, 40)
    assert max(map(len, lines)) <= 40 and any("1,234,567.89 USD" in line for line in lines)


def test_a_table_too_wide_for_the_terminal_prints_one_block_per_row() -> None:
    lines = printed(win_rates("won", "lost", "open"), 60)
    assert max(map(len, lines)) <= 60
    assert lines[0] == "overall" and "  uplift: 2.42× (2.26–2.60)" in lines
    assert "  open: 12,345,678.90" in lines
