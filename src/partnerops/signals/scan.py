"""Scanning conversation files: parse, match, link and store signals and participants' affiliations. A file
that cannot be read is quarantined with its reason, and so is each unreadable part of a file that can (a message
of an mbox); the scan goes on. Rescanning a file adds nothing already stored."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule
from partnerops.ingest.reader import file_sha256
from partnerops.signals.affiliations import add_new_affiliations, affiliation_row, affiliations
from partnerops.signals.catalog import TrackerCatalog
from partnerops.signals.extract import Mention, mentions
from partnerops.signals.linking import DealLink, link_conversation
from partnerops.signals.scan_quarantine import QUARANTINE_KIND, quarantine_file, scan_options, settle_parts
from partnerops.signals.signal_repo import add_new_signals
from partnerops.store.quarantine_repo import finish_batch, start_batch

__all__ = ["QUARANTINE_KIND", "ScanReport", "scan_file", "scan_files"]


@dataclass
class ScanReport:
    files: int = 0
    signals_added: int = 0
    signals_found: int = 0
    # Of the signals found: those in text an email quotes from an earlier message.
    quoted_found: int = 0
    affiliations_added: int = 0
    # (file, reason) of each file that could not be read; (file, part, reason) of each part that could not.
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    parts_quarantined: list[tuple[str, str, str]] = field(default_factory=list)
    # (file, note): how a file was read when it had to be decided (a time unit, an encoding).
    notes: list[tuple[str, str]] = field(default_factory=list)


def scan_files(engine: Engine, files: list[Path], catalog: TrackerCatalog, rule: SideRule, now: datetime,
               advance: Callable[[Path], None] | None = None) -> ScanReport:
    report = ScanReport()
    for path in files:
        with engine.begin() as conn:
            scan_file(conn, path, catalog, rule, now, report)
        if advance:
            advance(path)
    return report


def scan_file(conn: Connection, path: Path, catalog: TrackerCatalog, rule: SideRule, now: datetime,
              report: ScanReport) -> None:
    report.files += 1
    sha256 = _sha256(path)
    try:
        read = read_conversation_file(path, rule)
    except ConversationParseError as exc:
        quarantine_file(conn, path, sha256, exc.reason, now, rule)
        report.quarantined.append((str(path), exc.reason))
        return
    conversations = read.conversations
    fmt = conversations[0].source_format if conversations else path.suffix.lstrip(".") or "empty"
    batch_id = start_batch(conn, str(path), sha256, QUARANTINE_KIND, fmt, scan_options(rule), now)
    settle_parts(conn, path, sha256, batch_id, read.skipped, now)
    found = mentions(catalog, conversations)
    links = [link_conversation(conn, c, rule) for c in conversations]
    rows = [_signal_row(path, sha256, m, conversations[m.conversation], links[m.conversation], now) for m in found]
    added = add_new_signals(conn, sha256, rows)
    _store_affiliations(conn, path, sha256, catalog, read, links, now, report)
    finish_batch(conn, batch_id, {"rows_read": sum(len(c.utterances) for c in conversations), "inserted": added,
                                  "unchanged": len(rows) - added, "quarantined": len(read.skipped)})
    _count(report, path, read, found, added)


def _count(report: ScanReport, path: Path, read: ConversationFile, found: list[Mention], added: int) -> None:
    report.signals_found += len(found)
    report.quoted_found += sum(1 for m in found if m.quoted)
    report.signals_added += added
    report.parts_quarantined += [(str(path), part.label, part.reason) for part in read.skipped]
    report.notes += [(str(path), note) for note in read.notes]


def _store_affiliations(conn: Connection, path: Path, sha256: str, catalog: TrackerCatalog, read: ConversationFile,
                        links: list[DealLink], now: datetime, report: ScanReport) -> None:
    rows = [affiliation_row(str(path), sha256, a, _digest(read.conversations[a.conversation].thread),
                            (links[a.conversation].account_id, links[a.conversation].opportunity_id), now)
            for a in affiliations(catalog, read.conversations)]
    report.affiliations_added += add_new_affiliations(conn, sha256, rows)


def _signal_row(path: Path, sha256: str, mention: Mention, conversation: Conversation, link: DealLink,
                now: datetime) -> dict[str, Any]:
    tracker = mention.tracker
    return {"file": str(path), "file_sha256": sha256, "offset": mention.offset,
            "source_format": conversation.source_format[:16], "tracker_id": tracker.id,
            "tracker_version": tracker.version, "partner_id": tracker.partner_id, "phrase": mention.phrase[:300],
            "snippet": mention.snippet, "speaker": mention.utterance.speaker[:200],
            "side": mention.utterance.side.value, "at_seconds": mention.utterance.at_seconds,
            "occurred_at": mention.occurred_at, "account_id": link.account_id,
            "opportunity_id": link.opportunity_id, "linked_by": link.linked_by, "touch_id": None, "created_at": now,
            "thread": _digest(conversation.thread), "quoted": mention.quoted}


def _digest(thread: str | None) -> str | None:
    return None if thread is None else hashlib.sha256(thread.encode()).hexdigest()


def _sha256(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return "0" * 64
