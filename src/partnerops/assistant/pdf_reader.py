"""PDF program documents, read with pypdf: one section per page (anchors use the PDF `#page=N` form)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from partnerops.assistant.documents import DocumentError, ParsedDocument, Section


def read(path: Path, content: bytes) -> ParsedDocument:
    try:
        reader = PdfReader(BytesIO(content))
        if reader.is_encrypted:
            raise DocumentError(path, "the PDF is encrypted: import an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else path.stem
    except (PdfReadError, ValueError, KeyError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(path, f"not a readable PDF ({exc})") from exc
    sections = tuple(
        Section(f"{title}, page {number}", f"page={number}", " ".join(text.split()))
        for number, text in enumerate(pages, start=1)
    )
    return ParsedDocument(path.name, title, "pdf", tuple(s for s in sections if s.text))
