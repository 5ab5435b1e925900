"""Which text encoding a file uses: UTF-8 (with or without BOM), UTF-16/UTF-32 (by BOM, or UTF-16 by the NUL
bytes of its ASCII characters), else Windows-1252 or Latin-1; and a UTF-8 copy for the CSV parser."""

from __future__ import annotations

import codecs
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from partnerops.ingest.errors import UnreadableFile

BLOCK = 1 << 20
SAMPLE = 4096
C1_BYTES = re.compile(rb"[\x80-\x9f]")
UTF8_NAMES = {"utf-8", "utf8", "utf-8-sig", "utf_8"}
# UTF-32 first: its little-endian BOM begins with UTF-16's. Python's "utf-16"/"utf-32" read the BOM for the byte
# order and drop it.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(path: Path) -> str:
    """By BOM; else UTF-16 when NUL bytes sit in every other byte (ASCII in UTF-16); else 'utf-8' when every byte
    decodes, else 'cp1252' when the file uses its printable 0x80-0x9F range (Excel on Windows: €, curly quotes),
    else 'latin-1'."""
    with path.open("rb") as stream:
        start = stream.read(SAMPLE)
    by_bytes = bom_encoding(start) or utf16_without_bom(start)
    if by_bytes:
        return by_bytes
    # Decoding in C through a text stream; a byte-level regex over every block took seven times longer.
    if _decodes(path, "utf-8"):
        return "utf-8"
    return "cp1252" if _has_c1(path) and _decodes(path, "cp1252") else "latin-1"


def bom_encoding(start: bytes) -> str | None:
    return next((name for bom, name in BOMS if start.startswith(bom)), None)


def utf16_without_bom(start: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when a third or more of the odd (or even) bytes are NUL and almost none of the
    others: the high bytes of ASCII characters. A stray NUL in a UTF-8 row is far too rare to look like this."""
    sample = start[: len(start) // 2 * 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd * 3 >= half and even * 50 <= half:
        return "utf-16-le"
    if even * 3 >= half and odd * 50 <= half:
        return "utf-16-be"
    return None


def _has_c1(path: Path) -> bool:
    with path.open("rb") as stream:
        while block := stream.read(BLOCK):
            if C1_BYTES.search(block):
                return True
    return False


def _decodes(path: Path, encoding: str) -> bool:
    try:
        with path.open(encoding=encoding) as stream:
            while stream.read(BLOCK):
                pass
    except UnicodeDecodeError:
        return False
    return True


@contextmanager
def utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """The file itself when it is UTF-8, else a streamed UTF-8 copy that is deleted afterwards."""
    if encoding.lower().replace("_", "-") in UTF8_NAMES:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="partnerops-") as folder:
        target = Path(folder) / path.name
        try:
            with path.open(encoding=encoding, newline="") as source, target.open("w", encoding="utf-8",
                                                                                newline="") as sink:
                shutil.copyfileobj(source, sink, BLOCK)
        except (LookupError, UnicodeError) as exc:
            raise UnreadableFile(path, f"cannot decode as {encoding}: {exc}") from exc
        yield target
