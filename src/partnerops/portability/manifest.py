"""manifest.json: what an export holds (format, schema revision, and per table its file, columns with their
portable types, row count, SHA-256 and next id), read back and checked before a restore trusts any file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from partnerops.portability.containers import Archive, Folder
from partnerops.portability.errors import RestoreError

__all__ = ["FORMAT", "MANIFEST", "VERSION", "ColumnEntry", "Manifest", "TableEntry", "read_manifest"]

FORMAT = "partnerops-export"
VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ColumnEntry:
    name: str
    type: str
    nullable: bool


@dataclass
class TableEntry:
    name: str
    file: str
    columns: list[ColumnEntry]
    primary_key: list[str]
    rows: int = 0
    sha256: str = ""
    # The id the table's sequence gives next (PostgreSQL keeps it past deleted rows), when it has one.
    next_id: int | None = None


@dataclass
class Manifest:
    schema_revision: str
    exported_at: str
    source_dialect: str
    # False when users' password hashes, API tokens, web sessions and password links were left out.
    credentials: bool
    # False when only some tables were asked for: such an export cannot be restored.
    complete: bool
    tables: list[TableEntry] = field(default_factory=list)
    format: str = FORMAT
    version: int = VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False).encode() + b"\n"


def read_manifest(source: Folder | Archive) -> Manifest:
    if not source.has(MANIFEST):
        raise RestoreError(source.shown_as, f"no {MANIFEST}: this is not a directory written by partnerops export")
    with source.reader(MANIFEST) as stream:
        try:
            raw: dict[str, Any] = json.load(stream)
        except ValueError as exc:
            raise RestoreError(MANIFEST, f"is not valid JSON ({exc})") from exc
    if raw.get("format") != FORMAT or raw.get("version") != VERSION:
        raise RestoreError(MANIFEST, f"format {raw.get('format')!r} version {raw.get('version')!r} is not "
                           f"{FORMAT!r} version {VERSION}, the one this version of PartnerOps reads")  # fmt: skip
    try:
        tables = [TableEntry(**(t | {"columns": [ColumnEntry(**c) for c in t["columns"]]})) for t in raw["tables"]]
        return Manifest(**(raw | {"tables": tables}))
    except (KeyError, TypeError) as exc:
        raise RestoreError(MANIFEST, f"is missing or has an unknown entry ({exc})") from exc
