"""SubViewer captions (.sbv), as YouTube exports them: blocks of a `start,end` line and the caption's lines,
">> " marking a change of speaker; automatic captions roll as they do in WebVTT."""

from __future__ import annotations

import re
from pathlib import Path

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, Utterance
from partnerops.ingest.conversations.rolling_captions import new_lines
from partnerops.ingest.conversations.speaker_labels import (
    Speaker,
    read_label,
    speaker_labels,
    spoken,
    without_speaker_change,
)
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text

TIMING = re.compile(r"^(?P<start>\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?),\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?\s*$")


def parse_sbv(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    cues = _cues(text)
    if not cues:
        raise ConversationParseError(path, "SubViewer file without captions")
    texts = new_lines(caption for _, caption in cues)
    speakers = speaker_labels(texts)
    utterances: list[Utterance] = []
    speaker: Speaker | None = None
    for (seconds, _), caption in zip(cues, texts, strict=True):
        if caption.strip():
            # A caption without a label goes on in the voice of the last one that had one.
            labelled, said = read_label(caption, speakers)
            speaker = labelled or speaker
            utterances.append(spoken(speaker, said, seconds, rule))
    return ConversationFile([Conversation(source_format="sbv", utterances=tuple(utterances))],
                            notes=encoding_notes(encoding))


def _cues(text: str) -> list[tuple[float, str]]:
    """(start seconds, text) of each caption block."""
    cues: list[tuple[float, str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line for line in block.strip("\n").split("\n") if line.strip()]
        timing = TIMING.match(lines[0].strip()) if lines else None
        if timing is not None and len(lines) > 1:
            said = without_speaker_change("\n".join(lines[1:]))
            cues.append((_seconds(timing["start"]), said))
    return cues



def _seconds(stamp: str) -> float:
    seconds = 0.0
    for part in stamp.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds
