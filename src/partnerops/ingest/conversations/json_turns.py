"""JSON transcripts that are lists of turns, each with a speaker and its words under the key names tools use:

    [{"speaker": "Ann", "text": "..."}]                                   a bare list
    {"transcript": [{"speaker": "Ann", "text": "..."}]}                   (also utterances, turns, segments ...)
    {"prepared_remarks": [{"speaker": "Tim Cook", "speech": ["...", "..."]}], "q_and_a": [...]}   earnings calls

A speaker may be a string ("Greg K | Lido") or an object with a name and a company; text may be a string or a
list of paragraphs; a time (`start`, `start_time`, `timestamp`...) is seconds or "hh:mm:ss". A turn that cannot
be read is skipped with its reason and the others are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.json_fields import TURN_LISTS, turn_seconds, turn_speaker, turn_texts
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, SkippedPart, Utterance
from partnerops.ingest.conversations.speaker_labels import spoken


class TurnError(ValueError):
    """One turn that cannot be read."""


def turn_lists(document: Any) -> list[tuple[str, list[Any]]]:
    """(name, turns) of every list of turns in the document, in the document's order, one level deep."""
    if isinstance(document, list):
        return [("turns", document)]
    if not isinstance(document, dict):
        return []
    found: list[tuple[str, list[Any]]] = []
    for key, value in document.items():
        if _key(key) in TURN_LISTS and isinstance(value, list):
            found.append((key, value))
        elif _key(key) in TURN_LISTS and isinstance(value, dict):
            found += [(f"{key}.{name}", turns) for name, turns in turn_lists(value)]
    return found


def _key(key: str) -> str:
    return key.replace("-", "_").lower()


def turns_file(path: Path, document: Any, rule: SideRule) -> ConversationFile:
    lists = turn_lists(document)
    if not lists:
        raise ConversationParseError(path, "no list of turns found: expected Gong's callTranscripts or a list "
                                     f"of turns under one of {', '.join(sorted(TURN_LISTS))}")
    read = ConversationFile([])
    utterances: list[Utterance] = []
    number = 0
    for name, turns in lists:
        for index, turn in enumerate(turns):
            number += 1
            try:
                utterances += _turn(turn, rule)
            except TurnError as exc:
                read.skipped.append(SkippedPart(number, f"{name}[{index}]", str(exc)))
    read.conversations.append(Conversation(source_format="json_turns", utterances=tuple(utterances)))
    return read


def _turn(turn: Any, rule: SideRule) -> list[Utterance]:
    if not isinstance(turn, dict):
        raise TurnError(f"a turn must be an object with a speaker and text, found {turn!r:.60}")
    texts = turn_texts(turn)
    if texts is None:
        raise TurnError(f"a turn without text (keys: {', '.join(map(str, turn))[:120]})")
    speaker, seconds = turn_speaker(turn), turn_seconds(turn)
    paragraphs = [spoken(speaker, text, seconds, rule) for text in texts if text.strip()]
    return paragraphs
