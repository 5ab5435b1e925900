"""Reading and writing program documents and their passages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from partnerops.assistant.documents import ParsedDocument
from partnerops.assistant.embeddings import embed, to_bytes
from partnerops.assistant.passages import passages_of
from partnerops.store.assistant_tables import document_passages, program_documents


@dataclass(frozen=True)
class StoredDocument:
    id: int
    name: str
    title: str
    format: str
    content_sha256: str
    imported_at: datetime
    passages: int


def document_hash(conn: Connection, name: str) -> tuple[int, str] | None:
    """(id, content hash) of the stored document of that name, if any."""
    d = program_documents.c
    row = conn.execute(select(d.id, d.content_sha256).where(d.name == name)).first()
    return None if row is None else (int(row.id), str(row.content_sha256))


def save_document(conn: Connection, document: ParsedDocument, sha256: str, at: datetime, replaces: int | None) -> int:
    """Store the document and its passages (with their embeddings); a re-import replaces the old passages."""
    values = {"title": document.title[:300], "format": document.format, "content_sha256": sha256, "imported_at": at}
    if replaces is None:
        statement = insert(program_documents).values(name=document.name, **values).returning(program_documents.c.id)
        document_id = int(conn.execute(statement).scalar_one())
    else:
        document_id = replaces
        conn.execute(update(program_documents).where(program_documents.c.id == document_id).values(**values))
        conn.execute(delete(document_passages).where(document_passages.c.document_id == document_id))
    passages = passages_of(document)
    vectors = embed([p.indexed_text for p in passages])
    rows = [
        {"document_id": document_id, "ordinal": p.ordinal, "heading": p.heading[:300], "anchor": p.anchor[:300],
         "text": p.text, "embedding": to_bytes(vector)}
        for p, vector in zip(passages, vectors, strict=True)
    ]  # fmt: skip
    conn.execute(insert(document_passages), rows)
    return document_id


def list_documents(conn: Connection) -> list[StoredDocument]:
    d, p = program_documents.c, document_passages.c
    counts = select(p.document_id, func.count().label("passages")).group_by(p.document_id).subquery()
    query = (
        select(d.id, d.name, d.title, d.format, d.content_sha256, d.imported_at,
               func.coalesce(counts.c.passages, 0).label("passages"))  # fmt: skip
        .outerjoin(counts, counts.c.document_id == d.id)
        .order_by(d.name)
    )
    return [StoredDocument(**row._mapping) for row in conn.execute(query)]


def document_passage_rows(conn: Connection, document_id: int) -> list[dict[str, object]]:
    """One document's passages in order, for its page."""
    p = document_passages.c
    query = select(p.id, p.heading, p.anchor, p.text).where(p.document_id == document_id).order_by(p.ordinal)
    return [dict(row._mapping) for row in conn.execute(query)]
