"""What a file holds when its extension does not say: a list archive's month saved as `.txt` is an mbox, captions
saved as `.txt` are WebVTT, SubRip or SubViewer, a message saved as `.txt` is an email. Read from the file's first
bytes."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

# "From jo at initech.io  Mon Mar  2 09:12:44 2026": the line an mbox starts each message with.
MBOX_SEPARATOR = re.compile(r"^From \S+.*\d{4}\s*$")
HEADER = re.compile(r"^(?:From|To|Subject|Date|Message-ID|Received|Return-Path|Delivered-To|MIME-Version):",
                    re.IGNORECASE)
SRT_TIMING = re.compile(r"^\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
SBV_TIMING = re.compile(r"^\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?,\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?$")
HEAD_BYTES = 8192


class Content(StrEnum):
    MBOX = "mbox"
    EMAIL = "eml"
    WEBVTT = "vtt"
    SUBRIP = "srt"
    SUBVIEWER = "sbv"
    JSON = "json"
    TEXT = "txt"


def sniffed(path: Path) -> Content:
    """The shape of a text file, from its first non-blank lines."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.rstrip("\r") for line in head.splitlines()]
    filled = [line for line in lines if line.strip()]
    if not filled:
        return Content.TEXT
    first = filled[0].strip()
    if first.startswith("WEBVTT"):
        return Content.WEBVTT
    if MBOX_SEPARATOR.match(filled[0]) and len(filled) > 1 and HEADER.match(filled[1]):
        return Content.MBOX
    if sum(1 for line in _leading_block(lines) if HEADER.match(line)) >= 2:
        return Content.EMAIL
    if first.isdigit() and len(filled) > 1 and SRT_TIMING.match(filled[1].strip()):
        return Content.SUBRIP
    if SBV_TIMING.match(first) and len(filled) > 1:
        return Content.SUBVIEWER
    if first[:1] in "{[" and head.rstrip()[-1:] in "}]":
        return Content.JSON
    return Content.TEXT


def _leading_block(lines: list[str]) -> list[str]:
    """The lines before the first blank one (an email's headers)."""
    block: list[str] = []
    for line in lines:
        if not line.strip():
            break
        block.append(line)
    return block
