"""Which parser reads a conversation file, chosen by its extension (for `.json`, by its shape; for `.txt` and
`.md`, by its first lines: a list archive's month saved as text is an mbox)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from partnerops.ingest.conversations.email_format import parse_eml, parse_mbox
from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.gong import gong_file, is_gong
from partnerops.ingest.conversations.html_page import parse_html
from partnerops.ingest.conversations.json_document import load_json
from partnerops.ingest.conversations.json_turns import turns_file
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule
from partnerops.ingest.conversations.plain_text import parse_plain_text
from partnerops.ingest.conversations.sbv_format import parse_sbv
from partnerops.ingest.conversations.sniffing import Content, sniffed
from partnerops.ingest.conversations.srt_format import parse_srt
from partnerops.ingest.conversations.webvtt_format import parse_webvtt

Parser = Callable[[Path, SideRule], ConversationFile]


def parse_json(path: Path, rule: SideRule) -> ConversationFile:
    """Gong's export when it holds `callTranscripts`, else a list of turns under a common key name."""
    document = load_json(path)
    return gong_file(path, document, rule) if is_gong(document) else turns_file(path, document, rule)


PARSERS: dict[str, Parser] = {
    ".json": parse_json,
    ".vtt": parse_webvtt,
    ".srt": parse_srt,
    ".sbv": parse_sbv,
    ".txt": parse_plain_text,
    ".md": parse_plain_text,
    ".eml": parse_eml,
    ".mbox": parse_mbox,
    ".html": parse_html,
    ".htm": parse_html,
}
# Extensions that say only "text": the file's first lines say which parser reads it.
SNIFFED = frozenset({".txt", ".md"})
BY_CONTENT: dict[Content, Parser] = {
    Content.MBOX: parse_mbox, Content.EMAIL: parse_eml, Content.WEBVTT: parse_webvtt, Content.SUBRIP: parse_srt,
    Content.SUBVIEWER: parse_sbv, Content.JSON: parse_json, Content.TEXT: parse_plain_text,
}


def _parser(path: Path) -> Parser | None:
    suffix = path.suffix.lower()
    return BY_CONTENT[sniffed(path)] if suffix in SNIFFED else PARSERS.get(suffix)


def is_conversation_file(path: Path) -> bool:
    """Whether a folder scan reads the file; a Markdown file is read only when named (a folder's README.md
    describes the conversations, it is none)."""
    return path.suffix.lower() in PARSERS and path.suffix.lower() != ".md"


def read_conversation_file(path: Path, rule: SideRule) -> ConversationFile:
    """Parse one file; raises ConversationParseError with the reason when it cannot be read at all."""
    try:
        parser = _parser(path)
        if parser is None:
            raise ConversationParseError(path, f"unknown conversation format {path.suffix!r}")
        return parser(path, rule)
    except ConversationParseError:
        raise
    except OSError as exc:
        raise ConversationParseError(path, f"cannot read: {exc.strerror or exc}") from exc
    # Files come from many tools and people; a shape no parser foresaw must cost that file only, with its
    # reason kept in the quarantine, never the rest of the scan.
    except Exception as exc:  # noqa: BLE001
        raise ConversationParseError(path, f"unreadable {path.suffix.lstrip('.')} file: "
                                     f"{type(exc).__name__}: {exc}") from exc


def parse_conversations(path: Path, rule: SideRule) -> list[Conversation]:
    """The conversations of a file that reads (parts that do not are left out; see read_conversation_file)."""
    return read_conversation_file(path, rule).conversations


def conversation_files(paths: list[Path]) -> list[Path]:
    """The files to scan: each file given, and every conversation file under each folder given (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_conversation_file(p)))
        else:
            found.append(path)
    return found
