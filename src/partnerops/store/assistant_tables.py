"""Program documents, their passages and the assistant's exchange log."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from partnerops.store.tables import metadata

__all__ = ["assistant_exchanges", "document_passages", "metadata", "program_documents"]

program_documents = Table(
    "program_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    # The file's name: a document re-imported under the same name replaces its passages.
    Column("name", String(300), nullable=False),
    Column("title", String(300), nullable=False),
    Column("format", String(16), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", name="uq_program_documents_name"),
)

document_passages = Table(
    "document_passages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("program_documents.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("ordinal", Integer, nullable=False),
    Column("heading", String(300), nullable=False),
    # The heading's anchor in the document, for links: guide.md#deal-registration.
    Column("anchor", String(300), nullable=False),
    Column("text", Text, nullable=False),
    # The passage's embedding (little-endian float32), computed once at import.
    Column("embedding", LargeBinary, nullable=False),
)

assistant_exchanges = Table(
    "assistant_exchanges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_email", String(320), nullable=False),
    Column("role", String(32), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), index=True),
    Column("question", Text, nullable=False),
    Column("intent", String(40), nullable=False),
    Column("answer", Text, nullable=False),
    # [{"kind": "passage" | "registration" | ..., "id": ..., "label": ..., "link": ...}]
    Column("sources", JSON, nullable=False),
    Column("grounded", Integer, nullable=False),
    # "templates" or the language model that phrased the answer.
    Column("phrased_by", String(200), nullable=False),
)
