"""Opening an export: the header, then the rows in chunks of text columns, each with the row number a
spreadsheet would show (the CSV header is row 1; JSON records count from 1)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from partnerops.ingest.sniff import check_export_file

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
    """Refuses, before anything is decoded, what is not a text file with content: a directory, an empty file,
    binary data (named by its first bytes)."""
    check_export_file(path)


@dataclass
class Export:
    """An opened export: its header, then its rows in chunks of text columns. `chunks(columns)` reads only
    the named columns (plus the row number and any reader error), so a very wide file stays cheap.
    `delimiter` is the CSV's (None for JSON)."""

    header: list[str]
    read: Callable[[Collection[str]], Iterator[pl.DataFrame]]
    delimiter: str | None = None

    def chunks(self, columns: Collection[str]) -> Iterator[pl.DataFrame]:
        return self.read(columns)


def open_export(readable: Path, shown_as: Path, encoding: str, chunk_rows: int) -> Export:
    """`readable` is the file (or its UTF-8 copy); every error names `shown_as`, the user's file. `encoding` is
    the user's file's: `readable` is UTF-8 whatever it says."""
    from partnerops.ingest.csv_reader import csv_export
    from partnerops.ingest.json_reader import json_export

    if is_json(shown_as):
        return json_export(readable, shown_as, chunk_rows)
    return csv_export(readable, shown_as, chunk_rows)
