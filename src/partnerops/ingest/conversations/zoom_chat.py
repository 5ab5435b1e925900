"""Zoom meeting chat exports, saved as text. Shapes in use (<TAB> is a tab character):

    10:02:33 From Jo Park to Everyone: we buy through Lido           desktop client, one line
    10:02:33<TAB> From  Jo Park : we buy through Lido                 older clients
    10:02:33<TAB>From Jo Park to Everyone:                            newer clients: the message follows
    <TAB>we buy through Lido                                          on tab-indented lines
    10:02:33<TAB>Jo Park:<TAB>we buy through Lido                     the cloud recording's chat file

A line that starts no message continues the one before (a message of several lines).
"""

from __future__ import annotations

import re

from partnerops.ingest.conversations.model import Conversation, SideRule, Utterance
from partnerops.ingest.conversations.speaker_labels import split_affiliation, spoken

TIME = r"^(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})"
MESSAGE_STARTS = (
    re.compile(TIME + r"\s+From\s+(?P<who>[^:]+?)\s+to\s+(?P<to>[^:]+?)\s*:(?:\s+(?P<text>.*))?$"),
    re.compile(TIME + r"\s+From\s+(?P<who>[^:]+?)\s+:\s(?P<text>.*)$"),
    re.compile(TIME + r"\t(?P<who>[^\t:]+?):\t(?P<text>.*)$"),
)
# A chat export holds at least this share of message-starting lines among its unindented lines.
CHAT_SHARE = 0.6


def _start(line: str) -> re.Match[str] | None:
    return next((found for pattern in MESSAGE_STARTS if (found := pattern.match(line))), None)


def is_zoom_chat(lines: list[str]) -> bool:
    heads = [line for line in lines if line.strip() and not line[:1].isspace()]
    starts = sum(1 for line in heads if _start(line))
    return bool(heads) and starts >= CHAT_SHARE * len(heads)


def zoom_chat(lines: list[str], rule: SideRule) -> Conversation:
    """One utterance per message line; a message's continuation lines are the same speaker's."""
    utterances: list[Utterance] = []
    speaker, seconds, first = None, None, None
    for line in lines:
        found = _start(line)
        if found is not None:
            speaker = split_affiliation(found["who"])
            # The stamps are clock times (or times into the recording): seconds are counted from the first message.
            clock = int(found["h"]) * 3600 + int(found["m"]) * 60 + float(found["s"])
            first = clock if first is None else first
            seconds = clock - first
            text = found["text"] or ""
        else:
            text = line
        if text.strip():
            utterances.append(spoken(speaker, text.strip(), seconds, rule))
    return Conversation(source_format="zoom_chat", utterances=tuple(utterances))
