"""`partnerops quarantine retry` for conversation entries: the file is scanned again with the current trackers,
as its scan read it (our domains and speakers), and an entry is resolved when its file or part now reads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from partnerops.ingest.conversations.model import side_rule
from partnerops.signals.catalog import compile_catalog
from partnerops.signals.scan import ScanReport, scan_file
from partnerops.signals.tracker_repo import all_trackers
from partnerops.store import quarantine_repo
from partnerops.store.tables import quarantine

# The values every retried entry's update carries (one executemany in the quarantine's retry).
UPDATED = ("status", "severity", "errors", "field", "reason", "value", "raw", "kind", "closed_batch_id")


def retry_conversation_entries(conn: Connection, chosen: list[dict[str, Any]], actor: str | None,
                               at: datetime) -> list[dict[str, Any]]:
    """Scan each entry's file again; returns every entry's values afterwards (resolved or still open)."""
    catalog = compile_catalog(all_trackers(conn))
    for file in dict.fromkeys(entry["file"] for entry in chosen):
        options = quarantine_repo.batch(conn, _first(chosen, file)["batch_id"])["options"] or {}
        rule = side_rule(options.get("our_domains", []), options.get("our_speakers", []))
        scan_file(conn, Path(file), catalog, rule, at, ScanReport())
    ids = [entry["id"] for entry in chosen]
    after = {row.id: row._mapping for row in conn.execute(select(quarantine).where(quarantine.c.id.in_(ids)))}
    return [{"id": entry_id, "updated_at": at, **{name: after[entry_id][name] for name in UPDATED}}
            for entry_id in ids]


def _first(chosen: list[dict[str, Any]], file: str) -> dict[str, Any]:
    return next(entry for entry in chosen if entry["file"] == file)
