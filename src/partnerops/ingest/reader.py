"""Reading an export: the CSV header, JSON records in chunks of text columns, and the row number each
row carries as a spreadsheet would show it (the CSV header is row 1; JSON records count from 1)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from partnerops.ingest.errors import UnreadableFile

ROW = "__row"


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in 1 MiB blocks so a large export never sits in memory whole."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def check_not_empty(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open the file: {exc.strerror}") from exc
    with path.open("rb") as stream:
        start = stream.read(4096)
    if size == 0 or not start.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableFile(path, "the file is empty")


def csv_header(path: Path) -> list[str]:
    try:
        return pl.read_csv(path, n_rows=0, infer_schema=False).columns
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise UnreadableFile(path, f"not a readable CSV file: {exc}") from exc


def json_records(path: Path, encoding: str) -> pl.DataFrame:
    """A JSON list of objects, or {"records": [...]}, as a frame of text; numbers keep their exact digits."""
    try:
        data = json.loads(path.read_text(encoding=encoding), parse_float=str, parse_int=str)
    except (ValueError, OSError) as exc:
        raise UnreadableFile(path, f"not readable JSON: {exc}") from exc
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UnreadableFile(path, 'expected a JSON list of objects or {"records": [...]}')
    columns = list(dict.fromkeys(key for record in records for key in record))
    values = {c: [_as_text(r.get(c)) for r in records] for c in columns}
    frame = pl.DataFrame(values, schema=dict.fromkeys(columns, pl.String))
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.UInt32))


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def json_chunks(frame: pl.DataFrame, chunk_rows: int) -> Iterator[pl.DataFrame]:
    yield from frame.iter_slices(chunk_rows)


@dataclass
class Export:
    """An opened export: its header, then its rows in chunks of text columns. `chunks(columns)` reads only
    the named columns (plus the row number and any reader error), so a very wide file stays cheap."""

    header: list[str]
    read: Callable[[Collection[str]], Iterator[pl.DataFrame]]

    def chunks(self, columns: Collection[str]) -> Iterator[pl.DataFrame]:
        return self.read(columns)


def open_export(readable: Path, shown_as: Path, encoding: str, chunk_rows: int) -> Export:
    """`readable` is the file (or its UTF-8 copy); every error names `shown_as`, the user's file."""
    from partnerops.ingest.csv_reader import csv_chunks

    if is_json(shown_as):
        records = json_records(readable, "utf-8")
        return Export([c for c in records.columns if c != ROW], lambda _columns: json_chunks(records, chunk_rows))
    header = csv_header(readable)
    return Export(header, lambda _columns: csv_chunks(readable, header, chunk_rows, shown_as))
