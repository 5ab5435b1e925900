"""Speakers named on a line of their own, their words on the lines after, as published earnings-call transcripts
lay them out:

    Erik Woodring -- Morgan Stanley -- Analyst
    Thanks for taking the question. ...

A file is read this way when two or more lines are such headers; "Operator" alone is one there."""

from __future__ import annotations

import re
from collections.abc import Iterable

from partnerops.ingest.conversations.speaker_labels import Speaker, is_name_like, split_affiliation

HEADER = re.compile(r"^(?P<name>[^:]{1,60}?)\s+(?:--|–|—)\s+(?P<rest>[^:]{1,120})$")
GENERIC_SPEAKERS = frozenset({"Operator", "Moderator", "Host", "Presenter"})
MIN_HEADERS = 2


def header_speaker(line: str) -> Speaker | None:
    """The speaker a header line names, or None for a line of text."""
    line = " ".join(line.split())
    if line in GENERIC_SPEAKERS:
        return Speaker(line)
    found = HEADER.match(line)
    if found is None or line.endswith((".", "?", "!", ",")) or not is_name_like(found["name"]):
        return None
    return split_affiliation(line)


def has_speaker_headers(lines: Iterable[str]) -> bool:
    """Whether the file lays speakers out as headers: two or more `Name -- ...` lines."""
    return sum(1 for line in lines if HEADER.match(" ".join(line.split())) and header_speaker(line)) >= MIN_HEADERS
