"""The text the matcher reads: a file's utterances with every run of whitespace as one space, and consecutive
utterances of one voice (same conversation, speaker and quoting, no new turn) joined by a space, so a phrase
broken across a line or a caption cue ("PA" / "Consulting") is found; different voices stay apart (a newline no
phrase holds). Offsets map back to the file's text, the utterances joined by newlines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from partnerops.ingest.conversations.model import Conversation, Utterance

WHITESPACE = re.compile(r"\s+")
LONG_RUN = re.compile(r"\s{2,}")
BARRIER = "\x00"


@dataclass(frozen=True)
class FileText:
    """The file's text (utterances joined by newlines: signal offsets point into it) and where each starts."""

    text: str
    starts: list[int]
    places: list[tuple[int, Utterance]]

    def index_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


@dataclass(frozen=True)
class MatchText:
    text: str
    # Where the offset between the two texts changes: at match position anchors[i], file = match + shifts[i].
    anchors: list[int]
    shifts: list[int]

    def file_offset(self, position: int) -> int:
        index = bisect_right(self.anchors, position) - 1
        return position + self.shifts[index]


def file_text(conversations: list[Conversation]) -> FileText:
    """The utterances of all conversations joined by newlines, with where each one starts."""
    starts, places, parts, at = [], [], [], 0
    for number, conversation in enumerate(conversations):
        for utterance in conversation.utterances:
            starts.append(at)
            places.append((number, utterance))
            parts.append(utterance.text)
            at += len(utterance.text) + 1
    return FileText("\n".join(parts), starts, places)


def continues(before: tuple[int, Utterance], after: tuple[int, Utterance]) -> bool:
    """Whether `after` goes on saying what `before` said: the same voice, with no new turn between."""
    (first, said), (second, next_said) = before, after
    return (first == second and said.speaker == next_said.speaker and said.quoted == next_said.quoted
            and said.side == next_said.side and not next_said.starts_turn)


def match_text(joined: FileText) -> MatchText:
    raw = _with_barriers(joined)
    anchors, shifts = [0], [0]
    removed = 0
    for run in LONG_RUN.finditer(raw):
        removed += len(run.group()) - 1
        anchors.append(run.end() - removed)
        shifts.append(removed)
    return MatchText(WHITESPACE.sub(" ", raw).replace(BARRIER, "\n"), anchors, shifts)


def _with_barriers(joined: FileText) -> str:
    """The file's text with each newline between utterances a space where the voice goes on, else a barrier (a
    character that is not whitespace, so that no run of spaces swallows it)."""
    parts: list[str] = []
    for index, (_, utterance) in enumerate(joined.places):
        if index:
            parts.append(" " if continues(joined.places[index - 1], joined.places[index]) else BARRIER)
        parts.append(utterance.text.replace(BARRIER, " "))
    return "".join(parts)
