"""WebVTT captions: Zoom writes `Speaker: text` in the cue, Teams writes `<v Speaker>text</v>`."""

from __future__ import annotations

import re
from pathlib import Path

import webvtt
from webvtt.errors import MalformedFileError

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, SideRule, Utterance

# Zoom: "Ann Lee: we looked at Acme" — a short label before the first colon, not a time like "10:30".
ZOOM_SPEAKER = re.compile(r"^(?P<speaker>[^:\n]{1,80}?):\s+(?P<text>.*)$", re.DOTALL)


def parse_webvtt(path: Path, rule: SideRule) -> list[Conversation]:
    try:
        captions = list(webvtt.read(str(path)).captions)
    except (MalformedFileError, UnicodeDecodeError) as exc:
        raise ConversationParseError(path, f"not WebVTT: {exc}") from exc
    utterances = [_utterance(c.voice, c.text, cue_seconds(c.start), rule) for c in captions]
    if not utterances:
        raise ConversationParseError(path, "WebVTT file without cues")
    fmt = "teams_vtt" if any(c.voice for c in captions) else "zoom_vtt"
    return [Conversation(source_format=fmt, utterances=tuple(utterances))]


def cue_seconds(stamp: str) -> float:
    """"00:01:02.140" or "01:02.140" as seconds (webvtt-py's own property truncates the milliseconds)."""
    seconds = 0.0
    for part in stamp.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def _utterance(voice: str | None, text: str, seconds: float, rule: SideRule) -> Utterance:
    if voice:
        return Utterance(voice, rule.side_of_speaker(voice), text, float(seconds))
    labelled = ZOOM_SPEAKER.match(text)
    if labelled is None:
        return Utterance("", rule.side_of_speaker(""), text, float(seconds))
    speaker = labelled["speaker"].strip()
    return Utterance(speaker, rule.side_of_speaker(speaker), labelled["text"], float(seconds))
