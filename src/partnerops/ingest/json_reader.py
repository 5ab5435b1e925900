"""Reading a JSON export: a list of objects, or {"records": [...]}, as chunks of text columns numbered from 1;
anything else is refused saying what the file holds instead."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path

import polars as pl

from partnerops.ingest.errors import UnreadableFile
from partnerops.ingest.nul_bytes import quarantine_nul_rows
from partnerops.ingest.reader import ROW, Export

EXPECTED = 'expected a JSON list of objects or {"records": [...]}'


class JsonNumber(str):
    """A number as its exact digits (never a float), still known to be a number."""


def json_export(path: Path, shown_as: Path, chunk_rows: int) -> Export:
    """`path` is the UTF-8 text; every error names `shown_as`, the user's file."""
    records = json_records(path, shown_as)
    header = [c for c in records.columns if c != ROW]
    return Export(header, lambda columns: _chunks(records, columns, chunk_rows))


def json_records(path: Path, shown_as: Path) -> pl.DataFrame:
    """The records as a frame of text; numbers keep their exact digits."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=JsonNumber, parse_int=JsonNumber)
    except ValueError as exc:
        raise UnreadableFile(shown_as, f"not readable JSON: {exc}{_lines_hint(exc)}") from exc
    except OSError as exc:
        raise UnreadableFile(shown_as, f"cannot read the file: {exc.strerror}") from exc
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise UnreadableFile(shown_as, f"{EXPECTED}, found {_found(data)}")
    if (bad := next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)) is not None:
        raise UnreadableFile(shown_as, f"{EXPECTED}, found a list whose item {bad + 1} is {_kind(records[bad])}")
    columns = list(dict.fromkeys(key for record in records for key in record))
    values = {c: [_as_text(r.get(c)) for r in records] for c in columns}
    frame = pl.DataFrame(values, schema=dict.fromkeys(columns, pl.String))
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.UInt32))


def _lines_hint(exc: ValueError) -> str:
    extra = isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data"
    return " (one JSON value per line is not read: put the records in one list)" if extra else ""


def _found(data: object) -> str:
    if isinstance(data, dict):
        keys = ", ".join(repr(k) for k in list(data)[:5]) or "none"
        return f'an object without a "records" list (its keys: {keys})'
    return _kind(data)


def _kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false", JsonNumber: "a number"}
    return kinds.get(type(value), "null")


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _chunks(records: pl.DataFrame, columns: Collection[str], chunk_rows: int) -> Iterator[pl.DataFrame]:
    read = [c for c in dict.fromkeys(columns) if c in records.columns]
    for chunk in records.select(ROW, *read).iter_slices(chunk_rows):
        yield quarantine_nul_rows(chunk, read)
