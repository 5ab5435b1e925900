"""What a path holds before it is read as an export: refuses a directory, an empty file and binary data (a
workbook, an archive, a PDF, a database), naming what its first bytes show."""

from __future__ import annotations

import re
from pathlib import Path

from partnerops.ingest.encoding import bom_encoding, utf16_without_bom
from partnerops.ingest.errors import UnreadableFile

SAMPLE = 4096
AS_CSV = "export it as CSV"
# (first bytes, what they are, what to do): the formats an export is most often mistaken for.
KNOWN_STARTS = (
    (rb"PK\x03\x04", "a ZIP archive (an .xlsx workbook?)", AS_CSV),
    (rb"PK\x05\x06", "an empty ZIP archive", AS_CSV),
    (rb"%PDF-", "a PDF document", AS_CSV),
    (rb"\x1f\x8b", "gzip-compressed data", "decompress it first"),
    (rb"SQLite format 3\x00", "an SQLite database", AS_CSV),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (an .xls workbook?)", AS_CSV),
    (rb"\xfd7zXZ\x00", "xz-compressed data", "decompress it first"),
    (rb"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (rb"BZh[1-9]1AY&SY", "bzip2-compressed data", "decompress it first"),
    (rb"\x28\xb5\x2f\xfd", "zstd-compressed data", "decompress it first"),
    (rb"\x89PNG\r\n\x1a\n", "a PNG image", AS_CSV),
    (rb"\xff\xd8\xff", "a JPEG image", AS_CSV),
)
SIGNATURES = tuple((re.compile(magic), what, advice) for magic, what, advice in KNOWN_STARTS)
# Control characters that text does not hold (tab, newlines, form feed and escape are text).
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
TEXT_BYTES = bytes(b for b in range(256) if b not in CONTROL_BYTES)
# A NUL inside one row is a bad row (quarantined), not a binary file; a tenth of the start is not text.
MOST_CONTROL = 0.1


def check_export_file(path: Path) -> None:
    """Raises UnreadableFile, naming `path`, unless it is a file that holds text."""
    if path.is_dir():
        raise UnreadableFile(path, "is a directory, not an export file: give the path of a CSV or JSON file")
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            start = stream.read(SAMPLE)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot open the file: {exc.strerror}") from exc
    if size == 0 or not start.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableFile(path, "the file is empty")
    refuse_binary(path, start)


def refuse_binary(path: Path, start: bytes) -> None:
    """A known binary signature, or control bytes in more than a tenth of the first 4 KiB, is not an export."""
    if bom_encoding(start) or utf16_without_bom(start):
        return
    for magic, what, advice in SIGNATURES:
        if found := magic.match(start):
            raise UnreadableFile(path, f"not a text file: it starts with {shown_bytes(found[0])}: {what}: {advice}")
    controls = len(start.translate(None, TEXT_BYTES))
    if controls > len(start) * MOST_CONTROL:
        raise UnreadableFile(path, f"not a text file: it starts with {shown_bytes(start[:8])}, and {controls} of "
                             f"its first {len(start)} bytes are not text: export it as CSV or JSON")


def shown_bytes(data: bytes) -> str:
    """Bytes as a reader would type them: printable ASCII as is, anything else as \\xNN."""
    return "".join(chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in data)
