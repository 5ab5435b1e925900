"""program documents, passages and the assistant's exchange log

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_documents")),
        sa.UniqueConstraint("name", name="uq_program_documents_name"),
    )
    op.create_table(
        "document_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("anchor", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["program_documents.id"],
                                name=op.f("fk_document_passages_document_id_program_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_passages")),
    )
    op.create_index(op.f("ix_document_passages_document_id"), "document_passages", ["document_id"], unique=False)
    _create_exchanges()


def _create_exchanges() -> None:
    op.create_table(
        "assistant_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("grounded", sa.Integer(), nullable=False),
        sa.Column("phrased_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"],
                                name=op.f("fk_assistant_exchanges_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_exchanges")),
    )
    op.create_index(op.f("ix_assistant_exchanges_partner_id"), "assistant_exchanges", ["partner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_assistant_exchanges_partner_id"), table_name="assistant_exchanges")
    op.drop_table("assistant_exchanges")
    op.drop_index(op.f("ix_document_passages_document_id"), table_name="document_passages")
    op.drop_table("document_passages")
    op.drop_table("program_documents")
