"""Transcript text as people save it: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 / Latin-1,
whole or mixed into UTF-8 line by line (mailing-list archives mix them)."""

from __future__ import annotations

import codecs
from pathlib import Path

from partnerops.ingest.conversations.errors import ConversationParseError

FALLBACK = "partnerops-cp1252"


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252, whose five undefined bytes read as Latin-1 (C1 controls)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    raw = error.object[error.start:error.end]
    return "".join(_cp1252_byte(byte) for byte in raw), error.end


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error(FALLBACK, _as_cp1252)


def decoded(data: bytes) -> tuple[str, str]:
    """The text and how it was read: "utf-8", "utf-16", or "utf-8 with Windows-1252" when some bytes were not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors=FALLBACK), "Windows-1252"


def read_text(path: Path) -> tuple[str, str]:
    """A text file's content and its encoding; a binary file (NUL bytes where text has none) is refused."""
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConversationParseError(path, "binary content, not a text transcript")
    return decoded(data)


def encoding_notes(encoding: str) -> list[str]:
    """A note for the scan report when the text was not plain UTF-8."""
    return [] if encoding == "utf-8" else [f"read as {encoding}"]
