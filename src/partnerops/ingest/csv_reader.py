"""Streaming a CSV export in chunks of text columns with Arrow's CSV parser, which reports rows with the
wrong number of fields instead of padding or cutting them; those come back as "(row)" errors in place. Only the
columns the import uses are converted, so a file of 100,000 columns costs about what a narrow one does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from partnerops.ingest.byte_scan import scan_bytes
from partnerops.ingest.checks import FIELD, REASON, VALUE
from partnerops.ingest.dialect import Dialect, read_dialect
from partnerops.ingest.errors import UnreadableFile
from partnerops.ingest.nul_bytes import quarantine_nul_rows
from partnerops.ingest.open_quote import LastRecord, open_quote_line, unclosed_quote_line
from partnerops.ingest.ragged import LINE_HEADER, RaggedRows, row_numbers
from partnerops.ingest.reader import ROW, Export

BLOCK_BYTES = 4 << 20


@dataclass(frozen=True)
class CsvSource:
    path: Path  # the UTF-8 text that is parsed
    shown_as: Path  # the user's file, which every error names
    dialect: Dialect
    has_nul: bool

    @property
    def last_column(self) -> str:
        return self.dialect.header[-1]


def csv_export(path: Path, shown_as: Path, chunk_rows: int) -> Export:
    """The header and delimiter, read at once. A quote left open is refused here, before any row is read, when
    the file's quote count is odd (as an open quote makes it, unless a stray quote evens it out); else, at the end
    of the rows, when the last record runs to the end of the file inside an open quote."""
    dialect = read_dialect(path, shown_as)
    scan = scan_bytes(path)
    source = CsvSource(path, shown_as, dialect, scan.has_nul)
    if scan.odd_quotes:
        _refuse_open_quote(source, unclosed_quote_line(path, dialect.delimiter))
    return Export(dialect.header, lambda columns: csv_chunks(source, list(columns), chunk_rows), dialect.delimiter)


def csv_chunks(source: CsvSource, columns: list[str], chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Every row as text (blank as null) with its spreadsheet row number; memory holds about one chunk."""
    wanted = list(dict.fromkeys(columns))
    ragged = RaggedRows(source.dialect.header, wanted)
    try:
        yield from _rechunk(_numbered(source, wanted, ragged), chunk_rows)
    except pa.ArrowInvalid as exc:
        raise UnreadableFile(source.shown_as, f"the CSV breaks off: {exc}") from exc


def _batches(source: CsvSource, columns: list[str], ragged: RaggedRows) -> pa_csv.CSVStreamingReader:
    # One parsing thread: only then does the parser know the row number of a ragged row.
    read = pa_csv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, skip_rows=1,
                              column_names=source.dialect.header)
    parse = pa_csv.ParseOptions(delimiter=source.dialect.delimiter, newlines_in_values=True,
                                invalid_row_handler=ragged.keep)
    # Only a blank field is null: "NA" is a region and "null" may be a name, never a missing value.
    convert = pa_csv.ConvertOptions(column_types=dict.fromkeys(columns, pa.string()), include_columns=columns,
                                    include_missing_columns=True, null_values=[""], strings_can_be_null=True)
    return pa_csv.open_csv(source.path, read_options=read, parse_options=parse, convert_options=convert)


def _numbered(source: CsvSource, wanted: list[str], ragged: RaggedRows) -> Iterator[pl.DataFrame]:
    """The rows of each batch numbered, with the ragged rows before them in place; the last column is read too,
    to see whether the file's last record is a quote left open. The reader is closed when the rows stop, read
    to the end or not, so no read-ahead thread outlives them."""
    done, last = 0, LastRecord()
    reader = _batches(source, list(dict.fromkeys([*wanted, source.last_column])), ragged)
    try:
        for batch in reader:
            frame = pl.DataFrame(pl.from_arrow(batch))
            if frame.height:
                last.value = frame[source.last_column][-1]
            rows = row_numbers(done, frame.height, ragged.numbers)
            done += frame.height
            frame = frame.select(*wanted).with_columns(
                rows.alias(ROW), *(pl.lit(None, pl.String).alias(c) for c in (FIELD, REASON, VALUE, LINE_HEADER)))
            frame = quarantine_nul_rows(frame, wanted) if source.has_nul else frame
            errors = ragged.take_until(int(rows[-1]) if frame.height else 0)
            yield pl.concat([frame, errors.select(frame.columns)]).sort(ROW) if errors.height else frame
    finally:
        reader.close()
    last.ragged_text = ragged.last_text
    fields = len(source.dialect.header)
    _refuse_open_quote(source, open_quote_line(source.path, source.dialect.delimiter, fields, last))
    yield ragged.take_until(None).select(*wanted, ROW, FIELD, REASON, VALUE, LINE_HEADER)


def _refuse_open_quote(source: CsvSource, line: int | None) -> None:
    if line is not None:
        raise UnreadableFile(source.shown_as, f"line {line}: a quoted value opens here and its closing quote is "
                             "missing, so the lines after it would be read into that one value: close the quote "
                             "(or remove it) and import again")


def _rechunk(frames: Iterator[pl.DataFrame], size: int) -> Iterator[pl.DataFrame]:
    pending: list[pl.DataFrame] = []
    count = 0
    for frame in frames:
        pending.append(frame)
        count += frame.height
        while count >= size:
            whole = pl.concat(pending)
            yield whole.head(size)
            pending, count = [whole.slice(size)], whole.height - size
    if count:
        yield pl.concat(pending)
