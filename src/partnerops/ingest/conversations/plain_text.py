"""Plain-text transcripts: one line per turn, `[hh:mm:ss] Speaker: text` or `Speaker: text` or bare text."""

from __future__ import annotations

import re
from pathlib import Path

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, SideRule, Utterance
from partnerops.ingest.conversations.webvtt_format import ZOOM_SPEAKER

STAMP = re.compile(r"^\[?(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.\d+)?\]?\s+(?P<rest>.*)$")


def parse_plain_text(path: Path, rule: SideRule) -> list[Conversation]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ConversationParseError(path, f"not UTF-8 text: {exc}") from exc
    if "\x00" in "".join(lines[:50]):
        raise ConversationParseError(path, "binary content, not a text transcript")
    utterances = [_utterance(line, rule) for line in lines if line.strip()]
    return [Conversation(source_format="text", utterances=tuple(utterances))]


def _utterance(line: str, rule: SideRule) -> Utterance:
    seconds: float | None = None
    stamped = STAMP.match(line)
    if stamped:
        seconds = int(stamped["h"]) * 3600 + int(stamped["m"]) * 60 + float(stamped["s"])
        line = stamped["rest"]
    labelled = ZOOM_SPEAKER.match(line)
    if labelled is None:
        return Utterance("", rule.side_of_speaker(""), line, seconds)
    speaker = labelled["speaker"].strip()
    return Utterance(speaker, rule.side_of_speaker(speaker), labelled["text"], seconds)
