"""Gong call JSON: `callTranscripts[].transcript[]` monologues, with the call's parties and CRM context.

Gong serves transcripts (POST /v2/calls/transcript) and call metadata (POST /v2/calls/extensive) apart; an
export file holds both, joined on the call id. Sentence `start`/`end` are milliseconds from the call start.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, Side, SideRule, Utterance

Party = dict[str, Any]


def parse_gong(path: Path, rule: SideRule) -> list[Conversation]:
    document = _load(path)
    calls = {str(call.get("metaData", {}).get("id")): call for call in document.get("calls", [])}
    return [_conversation(path, item, calls.get(str(item.get("callId")), {}), rule)
            for item in document["callTranscripts"]]


def _load(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConversationParseError(path, f"not Gong JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("callTranscripts"), list):
        raise ConversationParseError(path, "no callTranscripts list (expected Gong's /v2/calls/transcript shape)")
    return document


def _conversation(path: Path, item: dict[str, Any], call: dict[str, Any], rule: SideRule) -> Conversation:
    parties = {str(p.get("speakerId")): p for p in call.get("parties", []) if p.get("speakerId")}
    utterances = tuple(_utterances(path, item, parties, rule))
    emails = tuple(str(p["emailAddress"]).lower() for p in call.get("parties", []) if p.get("emailAddress"))
    meta = call.get("metaData", {})
    return Conversation(
        source_format="gong", utterances=utterances, started_at=_started(meta.get("started")),
        participant_emails=emails, crm_opportunity_ids=_crm_ids(call, "opportunity"),
        crm_account_ids=_crm_ids(call, "account"), title=meta.get("title"),
    )


def _utterances(path: Path, item: dict[str, Any], parties: dict[str, Party], rule: SideRule) -> list[Utterance]:
    found: list[Utterance] = []
    for monologue in item.get("transcript", []):
        party = parties.get(str(monologue.get("speakerId")), {})
        speaker = str(party.get("name") or party.get("emailAddress") or monologue.get("speakerId") or "")
        side = _side(party, rule)
        for sentence in monologue.get("sentences", []):
            if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str):
                raise ConversationParseError(path, f"call {item.get('callId')}: a sentence without text")
            start = sentence.get("start")
            seconds = float(start) / 1000 if isinstance(start, int | float) else None
            found.append(Utterance(speaker, side, sentence["text"], seconds))
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
    return tuple(str(obj["objectId"]) for context in call.get("context", []) for obj in context.get("objects", [])
                 if str(obj.get("objectType", "")).lower() == object_type and obj.get("objectId"))


def _started(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
