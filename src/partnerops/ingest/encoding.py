"""Which text encoding a file uses: UTF-8 (with or without BOM), else Windows-1252 or Latin-1."""

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
C1_BYTES = re.compile(rb"[\x80-\x9f]")
UTF8_NAMES = {"utf-8", "utf8", "utf-8-sig", "utf_8"}


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' with a BOM, 'utf-8' when every byte decodes, else 'cp1252' when the file uses its
    printable 0x80-0x9F range (Excel on Windows: €, curly quotes), else 'latin-1'."""
    with path.open("rb") as stream:
        if stream.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    # Decoding in C through a text stream; a byte-level regex over every block took seven times longer.
    if _decodes(path, "utf-8"):
        return "utf-8"
    return "cp1252" if _has_c1(path) and _decodes(path, "cp1252") else "latin-1"


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
        except (LookupError, UnicodeDecodeError) as exc:
            raise UnreadableFile(path, f"cannot decode as {encoding}: {exc}") from exc
        yield target
