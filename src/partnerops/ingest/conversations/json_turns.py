"""JSON transcripts that are lists of turns, each with a speaker and its words under the key names tools use:

    [{"speaker": "Ann", "text": "..."}]                                   a bare list
    {"transcript": [{"speaker": "Ann", "text": "..."}]}                   (also utterances, turns, segments ...)
    {"prepared_remarks": [{"speaker": "Tim Cook", "speech": ["...", "..."]}], "q_and_a": [...]}   earnings calls
    {"results": {"channels": [{"alternatives": [{"paragraphs": {"paragraphs": [...]}}]}]}}    nested deeper
    {"ticker": "X", "transcript": "Operator: Good afternoon ..."}         one text, read line by line

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
from partnerops.ingest.conversations.plain_text import text_lines
from partnerops.ingest.conversations.speaker_labels import spoken

# How deep a list of turns is looked for inside objects that are not themselves named as turn lists.
MAX_DEPTH = 4
# Keys under which a transcript is kept whole, as one text.
WHOLE_TEXT_KEYS = ("transcript", "text", "content", "body", "speech")


def whole_text(document: Any) -> str | None:
    """The document's transcript when it is one text under a key above (the longest, if several)."""
    if not isinstance(document, dict):
        return None
    texts = [value if isinstance(value, str) else "\n".join(value) for key, value in document.items()
             if _key(key) in WHOLE_TEXT_KEYS and (isinstance(value, str) or _is_text(value))]
    texts = [text for text in texts if text.strip()]
    return max(texts, key=len) if texts else None


class TurnError(ValueError):
    """One turn that cannot be read."""


def turn_lists(document: Any, depth: int = 0) -> list[tuple[str, list[Any]]]:
    """(name, turns) of every list of turns in the document, in the document's order, one level deep; when a
    level has none, the lists inside its objects (a speech-to-text result nests them: results.channels[0]...)."""
    if isinstance(document, list):
        return [("turns", document)] if depth == 0 or any(isinstance(turn, dict) for turn in document) else []
    if not isinstance(document, dict):
        return []
    found: list[tuple[str, list[Any]]] = []
    for key, value in document.items():
        if _key(key) in TURN_LISTS and isinstance(value, list) and not _is_text(value):
            found.append((key, value))
        elif _key(key) in TURN_LISTS and isinstance(value, dict):
            found += [(f"{key}.{name}", turns) for name, turns in turn_lists(value, depth + 1)]
    if found or depth >= MAX_DEPTH:
        return found
    return next((_within(key, value, depth) for key, value in document.items() if _within(key, value, depth)), [])


def _within(key: str, value: Any, depth: int) -> list[tuple[str, list[Any]]]:
    """The turn lists inside one value of an object: an object, or the first object of a list."""
    if isinstance(value, list) and value and isinstance(value[0], dict) and _key(key) not in TURN_LISTS:
        value, key = value[0], f"{key}[0]"
    if not isinstance(value, dict):
        return []
    return [(f"{key}.{name}", turns) for name, turns in turn_lists(value, depth + 1)]


def _is_text(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _key(key: str) -> str:
    return key.replace("-", "_").lower()


def turns_file(path: Path, document: Any, rule: SideRule) -> ConversationFile:
    lists = turn_lists(document)
    whole = None if lists else whole_text(document)
    if whole is not None:
        # A transcript kept as one text ({"ticker": ..., "transcript": "Operator: ..."}): read as a text file is.
        return ConversationFile([Conversation(source_format="json_text", utterances=tuple(text_lines(whole, rule)))])
    if not lists:
        raise ConversationParseError(path, "no list of turns found: expected Gong's callTranscripts or a list "
                                     f"of turns under one of {', '.join(sorted(TURN_LISTS))}, or a transcript's "
                                     f"text under one of {', '.join(WHOLE_TEXT_KEYS)}")
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
    if speaker is None and any("\n" in text.strip() for text in texts):
        # A whole transcript in one entry ([{"symbol": ..., "content": "Operator: ...\nTim Cook: ..."}]).
        return [said for text in texts for said in text_lines(text, rule)]
    paragraphs = [spoken(speaker, text, seconds, rule) for text in texts if text.strip()]
    return paragraphs
