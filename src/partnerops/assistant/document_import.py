"""`docs import`: program documents into the store, idempotently by content hash; bad files quarantined."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from partnerops.assistant.document_store import document_hash, save_document
from partnerops.assistant.documents import DocumentError, read_document
from partnerops.store.quarantine_repo import add_entries, finish_batch, open_entry_keys, start_batch

KIND = "documents"
# A quarantined file is one entry: row 0, field "file".
WHOLE_FILE = 0


@dataclass
class DocumentImport:
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    quarantined: list[DocumentError] = field(default_factory=list)


def import_documents(engine: Engine, paths: list[Path], now: datetime | None = None) -> DocumentImport:
    """Import each file; a file whose content is already stored changes nothing."""
    result = DocumentImport()
    for path in paths:
        _import_one(engine, path, now or datetime.now(UTC), result)
    return result


def _import_one(engine: Engine, path: Path, now: datetime, result: DocumentImport) -> None:
    try:
        content = path.read_bytes()
    except OSError as exc:
        result.quarantined.append(_quarantine(engine, path, b"", f"cannot read the file ({exc.strerror})", now))
        return
    sha256 = hashlib.sha256(content).hexdigest()
    with engine.connect() as conn:
        stored = document_hash(conn, path.name)
    if stored is not None and stored[1] == sha256:
        result.unchanged.append(path.name)
        return
    try:
        document = read_document(path, content)
    except DocumentError as exc:
        result.quarantined.append(_quarantine(engine, path, content, exc.reason, now))
        return
    with engine.begin() as conn:
        save_document(conn, document, sha256, now, stored[0] if stored else None)
    (result.updated if stored else result.inserted).append(path.name)


def _quarantine(engine: Engine, path: Path, content: bytes, reason: str, now: datetime) -> DocumentError:
    """Keep the file's rejection once (a second import of the same bad file adds nothing)."""
    file = str(path.resolve())
    with engine.begin() as conn:
        if (WHOLE_FILE, "file", reason) in open_entry_keys(conn, file, KIND, WHOLE_FILE, WHOLE_FILE):
            return DocumentError(path, reason)
        sha256 = hashlib.sha256(content).hexdigest()
        batch_id = start_batch(conn, file, sha256, KIND, path.suffix.lstrip(".") or "unknown", {}, now)
        add_entries(conn, [{"batch_id": batch_id, "file": file, "row_number": WHOLE_FILE, "kind": KIND,
                            "field": "file", "value": path.name, "reason": reason, "raw": {"size": len(content)}}])
        finish_batch(conn, batch_id, {"rows_read": 1, "quarantined": 1})
    return DocumentError(path, reason)
