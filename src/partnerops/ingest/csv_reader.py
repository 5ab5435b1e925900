"""Streaming a CSV export in chunks of text columns with Arrow's CSV parser, which reports rows with the
wrong number of fields instead of padding or cutting them; those come back as "(row)" errors in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from partnerops.ingest.checks import FIELD, REASON, VALUE
from partnerops.ingest.errors import UnreadableFile
from partnerops.ingest.ragged import RaggedRows, row_numbers
from partnerops.ingest.reader import ROW

BLOCK_BYTES = 4 << 20


def csv_chunks(path: Path, header: list[str], chunk_rows: int, shown_as: Path) -> Iterator[pl.DataFrame]:
    """Every row as text (blank as null) with its spreadsheet row number; memory holds about one chunk."""
    ragged = RaggedRows(header)
    try:
        yield from _rechunk(_numbered(_batches(path, ragged), ragged), chunk_rows)
    except pa.ArrowInvalid as exc:
        raise UnreadableFile(shown_as, f"the CSV breaks off: {exc}") from exc


def _batches(path: Path, ragged: RaggedRows) -> pa_csv.CSVStreamingReader:
    # One parsing thread: only then does the parser know the row number of a ragged row.
    read = pa_csv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, skip_rows=1, column_names=ragged.header)
    parse = pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=ragged.keep)
    # Only a blank field is null: "NA" is a region and "null" may be a name, never a missing value.
    convert = pa_csv.ConvertOptions(column_types=dict.fromkeys(ragged.header, pa.string()),
                                    null_values=[""], strings_can_be_null=True)
    return pa_csv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)


def _numbered(batches: pa_csv.CSVStreamingReader, ragged: RaggedRows) -> Iterator[pl.DataFrame]:
    done = 0
    for batch in batches:
        frame = pl.DataFrame(pl.from_arrow(batch))
        rows = row_numbers(done, frame.height, ragged.numbers)
        done += frame.height
        frame = frame.with_columns(rows.alias(ROW), *(pl.lit(None, pl.String).alias(c) for c in (FIELD, REASON,
                                                                                               VALUE)))
        errors = ragged.take_until(int(rows[-1]) if frame.height else 0)
        yield pl.concat([frame, errors.select(frame.columns)]).sort(ROW) if errors.height else frame
    yield ragged.take_until(None).select(*ragged.header, ROW, FIELD, REASON, VALUE)


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
