"""Recruiting candidates with their lifecycle status, and the customer lists they are ranked by

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

CUSTOMER_FK = "fk_candidate_customers_candidate_id_recruiting_candidates"


def _common() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
    ]


def _stamps() -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
            for name in ("created_at", "updated_at")]


def upgrade() -> None:
    op.create_table(
        "recruiting_candidates",
        *_common(),
        sa.Column("segment", sa.String(length=64), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="candidate", nullable=False),
        sa.Column("partner_id", sa.Integer(),
                  sa.ForeignKey("partners.id", name="fk_recruiting_candidates_partner_id_partners"), nullable=True),
        *_stamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_recruiting_candidates_source_key"),
    )
    op.create_index("ix_recruiting_candidates_partner_id", "recruiting_candidates", ["partner_id"])
    op.create_table(
        "candidate_customers",
        *_common()[:3],
        sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("recruiting_candidates.id", name=CUSTOMER_FK),
                  nullable=False),
        *_common()[3:],
        *_stamps(),
        sa.UniqueConstraint("source_system", "external_id", name="uq_candidate_customers_source_key"),
    )
    op.create_index("ix_candidate_customers_candidate_id", "candidate_customers", ["candidate_id"])


def downgrade() -> None:
    op.drop_table("candidate_customers")
    op.drop_table("recruiting_candidates")
