"""Records fetched from a CRM land through the import's one path: each page is written as the CRM's own export
shape (API field names) and imported with `ingest.service.import_file`, so validation, quarantine, deletions,
field ownership and the audit are those of `partnerops import`."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from partnerops.ingest.options import ImportOptions, ImportSummary, RunMode
from partnerops.ingest.service import import_file

COUNTED = ("inserted", "updated", "unchanged", "quarantined", "deleted")


@dataclass(frozen=True)
class Page:
    """One page of one object: flat records (field -> text or None) under the header the mapping names."""

    kind: str
    header: tuple[str, ...]
    records: Sequence[dict[str, Any]]
    # field -> header, where the mapping names a CRM field the import would not look for (a custom property).
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Landing:
    """Where a connection's pages land from: the import format, its options, and the run mode."""

    connection: str
    fmt: str
    options: ImportOptions
    mode: RunMode


def land_page(engine: Engine, page: Page, landing: Landing) -> ImportSummary:
    """Import one page as a file named for its connection and kind (a record without an id is keyed on the file's
    name, so every page of the same object names it alike)."""
    with tempfile.TemporaryDirectory(prefix="partnerops-sync-") as folder:
        path = Path(folder) / f"{landing.connection}-{page.kind}.csv"
        write_page(path, page)
        options = replace(landing.options, columns=page.columns) if page.columns else landing.options
        return import_file(engine, path, page.kind, landing.fmt, options, mode=landing.mode)


def write_page(path: Path, page: Page) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(page.header)
        writer.writerows([_text(record.get(name)) for name in page.header] for record in page.records)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
