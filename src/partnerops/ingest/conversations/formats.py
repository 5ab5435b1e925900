"""Which parser reads a conversation file, chosen by its extension (and a peek for `.json`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from partnerops.ingest.conversations.email_format import parse_eml, parse_mbox
from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.gong import parse_gong
from partnerops.ingest.conversations.model import Conversation, SideRule
from partnerops.ingest.conversations.plain_text import parse_plain_text
from partnerops.ingest.conversations.srt_format import parse_srt
from partnerops.ingest.conversations.webvtt_format import parse_webvtt

Parser = Callable[[Path, SideRule], list[Conversation]]

PARSERS: dict[str, Parser] = {
    ".json": parse_gong,
    ".vtt": parse_webvtt,
    ".srt": parse_srt,
    ".txt": parse_plain_text,
    ".eml": parse_eml,
    ".mbox": parse_mbox,
}


def is_conversation_file(path: Path) -> bool:
    return path.suffix.lower() in PARSERS


def parse_conversations(path: Path, rule: SideRule) -> list[Conversation]:
    """Parse one file; raises ConversationParseError with the reason when it cannot be read."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ConversationParseError(path, f"unknown conversation format {path.suffix!r}")
    try:
        return parser(path, rule)
    except OSError as exc:
        raise ConversationParseError(path, f"cannot read: {exc.strerror or exc}") from exc


def conversation_files(paths: list[Path]) -> list[Path]:
    """The files to scan: each file given, and every conversation file under each folder given (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_conversation_file(p)))
        else:
            found.append(path)
    return found
