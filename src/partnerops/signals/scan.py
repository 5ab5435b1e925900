"""Scanning conversation files: parse, match, link and store signals; a file that cannot be parsed is
quarantined with its reason and the scan goes on. Rescanning a file adds nothing already stored."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import parse_conversations
from partnerops.ingest.conversations.model import Conversation, SideRule
from partnerops.ingest.reader import file_sha256
from partnerops.signals.catalog import TrackerCatalog
from partnerops.signals.extract import Mention, mentions
from partnerops.signals.linking import DealLink, link_conversation
from partnerops.signals.signal_repo import add_new_signals
from partnerops.store.quarantine_repo import add_entries, finish_batch, open_entry_keys, start_batch

QUARANTINE_KIND = "conversation"


@dataclass
class ScanReport:
    files: int = 0
    signals_added: int = 0
    signals_found: int = 0
    quarantined: list[tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        self.quarantined = self.quarantined or []


def scan_files(engine: Engine, files: list[Path], catalog: TrackerCatalog, rule: SideRule, now: datetime,
               advance: Callable[[Path], None] | None = None) -> ScanReport:
    report = ScanReport()
    for path in files:
        with engine.begin() as conn:
            _scan_file(conn, path, catalog, rule, now, report)
        if advance:
            advance(path)
    return report


def _scan_file(conn: Connection, path: Path, catalog: TrackerCatalog, rule: SideRule, now: datetime,
               report: ScanReport) -> None:
    report.files += 1
    sha256 = _sha256(path)
    try:
        conversations = parse_conversations(path, rule)
    except ConversationParseError as exc:
        _quarantine(conn, path, sha256, exc.reason, now)
        assert report.quarantined is not None
        report.quarantined.append((str(path), exc.reason))
        return
    batch_id = start_batch(conn, str(path), sha256, QUARANTINE_KIND, conversations[0].source_format if conversations
                           else "empty", {}, now)
    found = mentions(catalog, conversations)
    links = [link_conversation(conn, c, rule) for c in conversations]
    rows = [_signal_row(path, sha256, m, conversations[m.conversation], links[m.conversation], now) for m in found]
    added = add_new_signals(conn, sha256, rows)
    finish_batch(conn, batch_id, {"rows_read": sum(len(c.utterances) for c in conversations), "inserted": added,
                                  "unchanged": len(rows) - added})
    report.signals_found += len(rows)
    report.signals_added += added


def _signal_row(path: Path, sha256: str, mention: Mention, conversation: Conversation, link: DealLink,
                now: datetime) -> dict[str, Any]:
    tracker = mention.tracker
    return {"file": str(path), "file_sha256": sha256, "offset": mention.offset,
            "source_format": conversation.source_format, "tracker_id": tracker.id,
            "tracker_version": tracker.version, "partner_id": tracker.partner_id, "phrase": mention.phrase[:300],
            "snippet": mention.snippet, "speaker": mention.utterance.speaker[:200],
            "side": mention.utterance.side.value, "at_seconds": mention.utterance.at_seconds,
            "occurred_at": mention.occurred_at, "account_id": link.account_id,
            "opportunity_id": link.opportunity_id, "linked_by": link.linked_by, "touch_id": None, "created_at": now,
            "thread": _digest(conversation.thread)}


def _digest(thread: str | None) -> str | None:
    return None if thread is None else hashlib.sha256(thread.encode()).hexdigest()


def _quarantine(conn: Connection, path: Path, sha256: str, reason: str, now: datetime) -> None:
    """One open entry per file and reason: scanning a broken file again does not pile up entries."""
    if (0, "file", reason) in open_entry_keys(conn, str(path), QUARANTINE_KIND, 0, 0):
        return
    batch_id = start_batch(conn, str(path), sha256, QUARANTINE_KIND, path.suffix.lstrip(".") or "unknown", {}, now)
    add_entries(conn, [{"batch_id": batch_id, "file": str(path), "row_number": 0, "kind": QUARANTINE_KIND,
                        "field": "file", "value": path.name, "reason": reason, "raw": {"sha256": sha256}}])
    finish_batch(conn, batch_id, {"quarantined": 1})


def _sha256(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return "0" * 64
