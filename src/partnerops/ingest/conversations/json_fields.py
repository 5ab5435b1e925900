"""The key names JSON transcript tools use for a list of turns and for a turn's speaker, text, company and time."""

from __future__ import annotations

from typing import Any

from partnerops.ingest.conversations.speaker_labels import Speaker, split_affiliation

TURN_LISTS = frozenset({
    "transcript", "transcripts", "utterances", "turns", "segments", "monologues", "entries", "dialogue",
    "dialog", "conversation", "paragraphs", "prepared_remarks", "q_and_a", "qa", "questions_and_answers",
    "question_and_answer", "remarks", "presentation",
})
SPEAKER_KEYS = ("speaker", "speaker_name", "speakerName", "speaker_label", "name", "participant", "author", "from")
TEXT_KEYS = ("text", "speech", "content", "transcript", "utterance", "sentence", "body", "message", "words",
             "sentences")
COMPANY_KEYS = ("company", "organization", "organisation", "firm", "speaker_company")
TIME_KEYS = ("start", "start_time", "startTime", "timestamp", "time", "offset")


def turn_texts(turn: dict[str, Any]) -> list[str] | None:
    """A turn's paragraphs: a string, a list of strings, or a list of word objects ({"text"|"word": ...})."""
    for key in TEXT_KEYS:
        value = turn.get(key)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            return list(value)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            words = [str(v.get("text") or v.get("word") or v.get("punctuated_word") or "") for v in value]
            return [" ".join(w for w in words if w)]
    return None


def turn_speaker(turn: dict[str, Any]) -> Speaker | None:
    for key in SPEAKER_KEYS:
        value = turn.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("full_name") or value.get("label")
            company = _company(turn.get(key, {})) or _company(turn)
        else:
            company = _company(turn)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            speaker = split_affiliation(str(value))
            return Speaker(speaker.name, company or speaker.affiliation)
    return None


def _company(values: dict[str, Any]) -> str | None:
    found = next((values[key] for key in COMPANY_KEYS if isinstance(values.get(key), str) and values[key].strip()),
                 None)
    return found.strip() if found else None


def turn_seconds(turn: dict[str, Any]) -> float | None:
    for key in TIME_KEYS:
        value = turn.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and ":" in value:
            try:
                return _clock(value)
            except ValueError:
                return None
    return None


def _clock(stamp: str) -> float:
    seconds = 0.0
    for part in stamp.strip().split(":"):
        seconds = seconds * 60 + float(part)
    return seconds
