"""Plain-text transcripts: one line per turn, `[hh:mm:ss] Speaker: text` or `Speaker: text` or bare text, and
Zoom chat exports (see zoom_chat)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from partnerops.ingest.conversations.email_quotes import QUOTE_MARK
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, Utterance
from partnerops.ingest.conversations.speaker_headers import has_speaker_headers, header_speaker
from partnerops.ingest.conversations.speaker_labels import (
    Speaker,
    read_label,
    speaker_labels,
    spoken,
    without_speaker_change,
)
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text
from partnerops.ingest.conversations.zoom_chat import is_zoom_chat, zoom_chat

STAMP = re.compile(r"^\[?(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.\d+)?\]?\s+(?P<rest>.*)$")


def parse_plain_text(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    lines = text.splitlines()
    notes = encoding_notes(encoding)
    if is_zoom_chat(lines):
        return ConversationFile([zoom_chat(lines, rule)], notes=notes)
    return ConversationFile([Conversation(source_format="text", utterances=tuple(text_lines(text, rule)))],
                            notes=notes)


def text_lines(text: str, rule: SideRule) -> list[Utterance]:
    """A transcript's lines as utterances: a time and a speaker's label read where the lines carry them, or the
    speaker from the header line before (see speaker_headers)."""
    stamped = [_stamp(without_speaker_change(line)) for line in text.splitlines() if line.strip()]
    if has_speaker_headers(rest for _, rest in stamped):
        return _under_headers(stamped, rule)
    speakers = speaker_labels(rest for _, rest in stamped)
    return [_utterance(seconds, rest, speakers, rule) for seconds, rest in stamped]


def _under_headers(stamped: list[tuple[float | None, str]], rule: SideRule) -> list[Utterance]:
    found: list[Utterance] = []
    speaker: Speaker | None = None
    for seconds, line in stamped:
        header = header_speaker(line)
        if header is not None:
            speaker = header
            continue
        said = _utterance(seconds, line, frozenset(), rule)
        found.append(said if said.quoted or speaker is None else spoken(speaker, said.text, seconds, rule))
    return found


def _stamp(line: str) -> tuple[float | None, str]:
    stamped = STAMP.match(line)
    if stamped is None:
        return None, line
    return int(stamped["h"]) * 3600 + int(stamped["m"]) * 60 + float(stamped["s"]), stamped["rest"]


def _utterance(seconds: float | None, line: str, speakers: frozenset[str], rule: SideRule) -> Utterance:
    # A message pasted into notes keeps its quoting: "> ..." lines are what an earlier message said.
    marked = QUOTE_MARK.match(line)
    if marked and line[marked.end():].strip():
        return replace(spoken(None, line[marked.end():].strip(), seconds, rule), quoted=True)
    speaker, text = read_label(line, speakers)
    return spoken(speaker, text, seconds, rule)
