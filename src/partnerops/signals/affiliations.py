"""Participants' affiliations: the organisation a speaker label names ("Greg K | Lido") matched to the trackers,
so a partner's people on a call are known, kept apart from what anyone said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from partnerops.ingest.conversations.model import Conversation
from partnerops.signals.catalog import TrackerCatalog
from partnerops.signals.extract import counted_hits
from partnerops.signals.trackers import Tracker
from partnerops.store.signal_tables import participant_affiliations


@dataclass(frozen=True)
class Affiliation:
    conversation: int
    speaker: str
    organisation: str
    # The tracker whose alias the organisation names (its longest), None when it names none.
    tracker: Tracker | None


def affiliations(catalog: TrackerCatalog, conversations: list[Conversation]) -> list[Affiliation]:
    """Each (conversation, speaker, organisation) once, in the order first heard."""
    found: dict[tuple[int, str, str], Affiliation] = {}
    for number, conversation in enumerate(conversations):
        for utterance in conversation.utterances:
            if utterance.affiliation and (number, utterance.speaker, utterance.affiliation) not in found:
                key = (number, utterance.speaker, utterance.affiliation)
                found[key] = Affiliation(*key, _tracker(catalog, utterance.affiliation))
    return list(found.values())


def _tracker(catalog: TrackerCatalog, organisation: str) -> Tracker | None:
    hits = sorted(counted_hits(catalog, " ".join(organisation.split())), key=lambda h: h.start - h.end)
    return catalog.trackers[catalog.phrases[hits[0].phrase].tracker] if hits else None


def add_new_affiliations(conn: Connection, sha256: str, rows: list[dict[str, Any]]) -> int:
    """Store the affiliations not stored yet for this file content; returns how many were new."""
    query = select(participant_affiliations.c.conversation, participant_affiliations.c.speaker,
                   participant_affiliations.c.organisation).where(participant_affiliations.c.file_sha256 == sha256)
    stored = {tuple(row) for row in conn.execute(query)}
    fresh = [r for r in rows if (r["conversation"], r["speaker"], r["organisation"]) not in stored]
    if fresh:
        conn.execute(participant_affiliations.insert(), fresh)
    return len(fresh)


def affiliation_row(file: str, sha256: str, affiliation: Affiliation, thread: str | None,
                    deal: tuple[int | None, int | None], now: datetime) -> dict[str, Any]:
    tracker = affiliation.tracker
    return {"file": file, "file_sha256": sha256, "conversation": affiliation.conversation, "thread": thread,
            "speaker": affiliation.speaker[:200], "organisation": affiliation.organisation[:300],
            "tracker_id": tracker.id if tracker else None, "partner_id": tracker.partner_id if tracker else None,
            "account_id": deal[0], "opportunity_id": deal[1], "created_at": now}


def list_affiliations(conn: Connection, partner_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
    query = select(participant_affiliations).order_by(participant_affiliations.c.id).limit(limit)
    if partner_id is not None:
        query = query.where(participant_affiliations.c.partner_id == partner_id)
    return [dict(row._mapping) for row in conn.execute(query)]
