"""The quarantine of conversation files: a file that cannot be read, or a part of one (a message of an mbox, a call
of a Gong export), is kept with its reason; reading it later resolves its entries."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from partnerops.ingest.conversations.model import SideRule, SkippedPart
from partnerops.store.quarantine_repo import OPEN, add_entries, close_entries, finish_batch, start_batch
from partnerops.store.tables import quarantine

QUARANTINE_KIND = "conversation"
FILE_FIELD, PART_FIELD = "file", "part"
WHOLE_FILE = 0


def scan_options(rule: SideRule) -> dict[str, Any]:
    """What a retry needs to read the file as the scan did (kept on the scan's batch)."""
    return {"our_domains": sorted(rule.our_domains), "our_speakers": sorted(rule.our_speakers)}


def quarantine_file(conn: Connection, path: Path, sha256: str, reason: str, now: datetime, rule: SideRule) -> None:
    """One open entry per file and reason: scanning a broken file again does not pile up entries."""
    kept = _open_entries(conn, path)
    if any((e["row_number"], e["reason"]) == (WHOLE_FILE, reason) for e in kept):
        return
    batch_id = start_batch(conn, str(path), sha256, QUARANTINE_KIND, path.suffix.lstrip(".") or "unknown",
                           scan_options(rule), now)
    add_entries(conn, [_entry(batch_id, path, sha256, SkippedPart(WHOLE_FILE, path.name, reason), FILE_FIELD, now)])
    finish_batch(conn, batch_id, {"quarantined": 1})


def settle_parts(conn: Connection, path: Path, sha256: str, batch_id: int, skipped: list[SkippedPart],
                 now: datetime) -> None:
    """After a file was read: its parts that still fail have an open entry each; every other open entry of the
    file (the file itself, a part that reads now) is resolved by this scan."""
    kept = _open_entries(conn, path)
    failing = {(part.number, part.reason) for part in skipped}
    close_entries(conn, [e["id"] for e in kept if (e["row_number"], e["reason"]) not in failing], batch_id, now)
    known = {(e["row_number"], e["reason"]) for e in kept}
    add_entries(conn, [_entry(batch_id, path, sha256, part, PART_FIELD, now) for part in skipped
                       if (part.number, part.reason) not in known])


def _open_entries(conn: Connection, path: Path) -> list[dict[str, Any]]:
    query = select(quarantine.c.id, quarantine.c.row_number, quarantine.c.reason).where(
        quarantine.c.file == str(path), quarantine.c.kind == QUARANTINE_KIND, quarantine.c.status == OPEN)
    return [dict(row._mapping) for row in conn.execute(query)]


def _entry(batch_id: int, path: Path, sha256: str, part: SkippedPart, field: str, now: datetime) -> dict[str, Any]:
    value = path.name if field == FILE_FIELD else part.label
    return {"batch_id": batch_id, "file": str(path), "row_number": part.number, "kind": QUARANTINE_KIND,
            "field": field, "value": value, "reason": part.reason, "raw": {"sha256": sha256, "part": part.label},
            "severity": "error", "errors": [{"field": field, "reason": part.reason, "value": value}],
            "updated_at": now}
