"""WebVTT captions: Zoom writes `Speaker: text` in the cue, Teams writes `<v Speaker>text</v>`, automatic captions
roll (each cue repeats the line before: only its new lines are read)."""

from __future__ import annotations

from pathlib import Path

import webvtt
from webvtt.errors import MalformedFileError

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, Utterance
from partnerops.ingest.conversations.rolling_captions import new_lines
from partnerops.ingest.conversations.speaker_labels import (
    Speaker,
    read_label,
    speaker_labels,
    split_affiliation,
    spoken,
    without_speaker_change,
)
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text


def parse_webvtt(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    try:
        captions = list(webvtt.WebVTT.from_string(text).captions)
    except (MalformedFileError, ValueError, IndexError) as exc:
        raise ConversationParseError(path, f"not WebVTT: {exc}") from exc
    if not captions:
        raise ConversationParseError(path, "WebVTT file without cues")
    texts = [c.text for c in captions] if any(c.voice for c in captions) else new_lines(c.text for c in captions)
    texts = [without_speaker_change(text) for text in texts]
    speakers = speaker_labels(t for c, t in zip(captions, texts, strict=True) if not c.voice)
    utterances = [_utterance(c.voice, t, cue_seconds(c.start), speakers, rule)
                  for c, t in zip(captions, texts, strict=True) if t.strip()]
    fmt = "teams_vtt" if any(c.voice for c in captions) else "zoom_vtt"
    return ConversationFile([Conversation(source_format=fmt, utterances=tuple(utterances))],
                            notes=encoding_notes(encoding))


def cue_seconds(stamp: str) -> float:
    """"00:01:02.140" or "01:02.140" as seconds (webvtt-py's own property truncates the milliseconds)."""
    seconds = 0.0
    for part in stamp.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def _utterance(voice: str | None, text: str, seconds: float, speakers: frozenset[str], rule: SideRule) -> Utterance:
    speaker: Speaker | None
    if voice:
        speaker = split_affiliation(voice)
    else:
        speaker, text = read_label(text, speakers)
    return spoken(speaker, text, seconds, rule)
