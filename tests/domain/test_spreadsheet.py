"""Exports never carry a formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from partnerops.domain.spreadsheet import FORMULA_START, safe_cell, safe_writer


def test_formula_cells_are_neutralised_and_numbers_kept() -> None:
    assert safe_cell('=HYPERLINK("http://evil.example","Click")') == '\'=HYPERLINK("http://evil.example","Click")'
    assert [safe_cell(v) for v in ("+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3", "\tx", "\r=1")] == [
        "'+cmd|' /C calc'!A0", "'@SUM(A1:A9)", "'-2+3", "'\tx", "'\r=1"]
    assert [safe_cell(v) for v in ("-1200.50", "+44", "-3e5", "Acme", 5, None)] == [
        "-1200.50", "+44", "-3e5", "Acme", 5, None]


@given(st.lists(st.text(max_size=20), min_size=1, max_size=6))
def test_no_written_cell_starts_a_formula(row: list[str]) -> None:
    out = io.StringIO()
    safe_writer(out).writerow(row)
    (read,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for cell in read:
        assert not cell.startswith(FORMULA_START) or safe_cell(cell) == cell
