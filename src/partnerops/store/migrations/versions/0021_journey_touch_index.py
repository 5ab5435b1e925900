"""Touches are indexed on (deal, partner): credit's journeys query finds each attributed partner's touches on a
deal by both, which a plan without statistics otherwise answers by scanning all of the partner's touches

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_touches_opportunity_partner", "touches", ["opportunity_id", "partner_id"])


def downgrade() -> None:
    op.drop_index("ix_touches_opportunity_partner", table_name="touches")
