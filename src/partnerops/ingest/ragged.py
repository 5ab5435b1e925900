"""CSV rows with more or fewer fields than the header: kept whole as "(row)" errors, never padded or cut,
and numbered so the rows around them keep their spreadsheet row numbers."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow.csv as pa_csv

from partnerops.ingest.checks import FIELD, REASON, VALUE
from partnerops.ingest.dialect import DELIMITERS, VISIBLE_NUL
from partnerops.ingest.reader import ROW

RAGGED_FIELD = "(row)"
# The whole header, on a ragged row only: a retry splits the kept line by it, though the import read only some
# of the columns.
LINE_HEADER = "__line_header"
FIRST_ROW = 2  # the header is row 1


def ragged_reason(expected: int, found: int) -> str:
    return f"expected {expected} fields, found {found}"


@dataclass
class RaggedRows:
    """Collects the rows the CSV parser reports with the wrong number of fields (it skips them). The error rows
    hold `columns`, the columns the import reads, all blank."""

    header: list[str]
    columns: list[str]
    numbers: list[int] = field(default_factory=list)
    pending: list[tuple[int, int, str]] = field(default_factory=list)
    last_text: str | None = None

    def keep(self, row: pa_csv.InvalidRow) -> str:
        """The parser's invalid_row_handler; a single-threaded parser always knows the row number."""
        number = int(row.number or 0)
        self.numbers.append(number)
        self.pending.append((number, row.actual_columns, row.text))
        self.last_text = row.text
        return "skip"

    def take_until(self, last_row: int | None) -> pl.DataFrame:
        """The pending rows numbered up to `last_row` (all when None) as error rows."""
        taken = [r for r in self.pending if last_row is None or r[0] <= last_row]
        self.pending = self.pending[len(taken):]
        return error_rows(taken, self.header, self.columns)


def row_numbers(first_valid: int, count: int, ragged_rows: list[int]) -> pl.Series:
    """Spreadsheet rows of the well-formed rows first_valid .. first_valid+count-1 (counted from 0),
    stepping over the (ascending) row numbers of ragged rows."""
    valid = np.arange(first_valid, first_valid + count, dtype=np.int64)
    ragged = np.array(ragged_rows, dtype=np.int64)
    valid_before = ragged - FIRST_ROW - np.arange(len(ragged))
    return pl.Series(valid + FIRST_ROW + np.searchsorted(valid_before, valid, side="right"), dtype=pl.UInt32)


def error_rows(rows: list[tuple[int, int, str]], header: list[str], columns: list[str]) -> pl.DataFrame:
    """One row per ragged line: its number, every column blank, and the error naming the line (a NUL byte in
    it shown as ␀)."""
    whole_header = json.dumps(header) if rows else None
    return pl.DataFrame(
        {ROW: [r[0] for r in rows], FIELD: [RAGGED_FIELD] * len(rows),
         REASON: [ragged_reason(len(header), r[1]) for r in rows],
         VALUE: [r[2].replace("\x00", VISIBLE_NUL) for r in rows], LINE_HEADER: [whole_header] * len(rows)},
        schema={ROW: pl.UInt32, FIELD: pl.String, REASON: pl.String, VALUE: pl.String, LINE_HEADER: pl.String},
    ).with_columns(pl.lit(None, pl.String).alias(name) for name in columns)


def split_line(line: str, header: list[str]) -> dict[str, str | None] | str:
    """The fields of a corrected line by header, or why it still does not fit the header. The line may use any
    delimiter an export does: the first that gives as many fields as the header is the one."""
    found = 0
    for delimiter in DELIMITERS:
        fields = next(csv.reader([line], delimiter=delimiter), [])
        if len(fields) == len(header):
            return {name: value or None for name, value in zip(header, fields, strict=True)}
        found = found or len(fields)
    return ragged_reason(len(header), found)


def kept_raw(values: dict[str, object], field_name: str, value: str | None) -> dict[str, object]:
    """The raw values a quarantine entry keeps; a ragged row keeps its whole line under "(row)", beside every
    column of the header (blank), so that a retry can split the line again."""
    header = values.get(LINE_HEADER)
    read = {name: kept for name, kept in values.items() if name != LINE_HEADER}
    if field_name != RAGGED_FIELD:
        return read
    return dict.fromkeys(json.loads(header) if isinstance(header, str) else read) | {RAGGED_FIELD: value}
