"""Gong call JSON: `callTranscripts[].transcript[]` monologues, with the call's parties and CRM context.

Gong serves transcripts (POST /v2/calls/transcript) and call metadata (POST /v2/calls/extensive) apart; an
export file holds both, joined on the call id. Sentence `start`/`end` are documented as milliseconds from the
call start, but exports re-written by other tools hold seconds: the unit is decided per call by its duration
(see sentence_times). A call that cannot be read is skipped with its reason; the file's other calls are read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.gong_times import SentenceTimes, sentence_times
from partnerops.ingest.conversations.json_document import load_json
from partnerops.ingest.conversations.model import Conversation, ConversationFile, Side, SideRule, SkippedPart, Utterance
from partnerops.ingest.conversations.speaker_labels import split_affiliation

Party = dict[str, Any]


class CallError(ValueError):
    """A call of the file that cannot be read (the others still are)."""


def is_gong(document: object) -> bool:
    return isinstance(document, dict) and "callTranscripts" in document


def parse_gong(path: Path, rule: SideRule) -> ConversationFile:
    return gong_file(path, load_json(path), rule)


def gong_file(path: Path, document: Any, rule: SideRule) -> ConversationFile:
    if not is_gong(document) or not isinstance(document["callTranscripts"], list):
        raise ConversationParseError(path, "no callTranscripts list (expected Gong's /v2/calls/transcript shape)")
    calls = {str(call["metaData"].get("id")): call for call in document.get("calls") or []
             if isinstance(call, dict) and isinstance(call.get("metaData"), dict)}
    read = ConversationFile([])
    for number, item in enumerate(document["callTranscripts"], start=1):
        label = f"callTranscripts[{number - 1}]"
        try:
            conversation, times = _call(item, calls, rule)
        except CallError as exc:
            read.skipped.append(SkippedPart(number, label, str(exc)))
            continue
        read.conversations.append(conversation)
        read.notes.append(f"call {item.get('callId')}: {times.explained}")
    return read


def _call(item: object, calls: dict[str, dict[str, Any]], rule: SideRule) -> tuple[Conversation, SentenceTimes]:
    if not isinstance(item, dict):
        raise CallError(f"a call transcript must be an object, found {item!r:.60}")
    call = calls.get(str(item.get("callId")), {})
    meta = call.get("metaData", {})
    times = sentence_times(_starts(item), meta.get("duration"))
    parties = {str(p.get("speakerId")): p for p in call.get("parties") or [] if isinstance(p, dict)}
    utterances = tuple(_utterances(item, parties, rule, times))
    emails = tuple(str(p["emailAddress"]).lower() for p in parties.values() if p.get("emailAddress"))
    return Conversation(
        source_format="gong", utterances=utterances, started_at=_started(meta.get("started")),
        participant_emails=emails, crm_opportunity_ids=_crm_ids(call, "opportunity"),
        crm_account_ids=_crm_ids(call, "account"), title=meta.get("title"),
    ), times


def _monologues(item: dict[str, Any]) -> list[dict[str, Any]]:
    monologues = item.get("transcript")
    if not isinstance(monologues, list) or not all(isinstance(m, dict) for m in monologues):
        raise CallError(f"call {item.get('callId')}: `transcript` must be a list of monologues")
    for monologue in monologues:
        sentences = monologue.get("sentences", [])
        if not isinstance(sentences, list) or not all(
                isinstance(s, dict) and isinstance(s.get("text"), str) for s in sentences):
            raise CallError(f"call {item.get('callId')}: a sentence without text")
    return monologues


def _starts(item: dict[str, Any]) -> list[float]:
    return [float(s[key]) for m in _monologues(item) for s in m.get("sentences", []) for key in ("start", "end")
            if isinstance(s.get(key), int | float) and not isinstance(s.get(key), bool)]


def _utterances(item: dict[str, Any], parties: dict[str, Party], rule: SideRule,
                times: SentenceTimes) -> list[Utterance]:
    found: list[Utterance] = []
    for monologue in _monologues(item):
        party = parties.get(str(monologue.get("speakerId")), {})
        speaker = split_affiliation(str(party.get("name") or party.get("emailAddress") or
                                        monologue.get("speakerId") or ""))
        side = _side(party, rule)
        for sentence in monologue.get("sentences", []):
            found.append(Utterance(speaker.name, side, sentence["text"], times.seconds(sentence.get("start")),
                                   affiliation=speaker.affiliation))
    return found


def _side(party: Party, rule: SideRule) -> Side:
    affiliation = str(party.get("affiliation", "")).lower()
    if affiliation == "internal":
        return Side.OURS
    if affiliation == "external":
        return Side.CUSTOMER
    email = party.get("emailAddress")
    return rule.side_of_email(str(email)) if email else Side.UNKNOWN


def _crm_ids(call: dict[str, Any], object_type: str) -> tuple[str, ...]:
    return tuple(str(obj["objectId"]) for context in call.get("context") or [] if isinstance(context, dict)
                 for obj in context.get("objects") or []
                 if isinstance(obj, dict) and str(obj.get("objectType", "")).lower() == object_type
                 and obj.get("objectId"))


def _started(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        started = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return started.replace(tzinfo=UTC) if started.tzinfo is None else started.astimezone(UTC)
