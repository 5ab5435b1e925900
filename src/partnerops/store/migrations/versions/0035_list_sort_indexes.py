"""Indexes for the list pages' other orders: touches sorted by partner walk the partners by name, and the
registration queue reads its pending registrations by response due or by estimate, a page of 50 reading 50 index
entries instead of sorting every row.

Revision ID: 0035
Revises: 0034
"""

from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_partners_name", "partners", ["name", "id"]),
    ("ix_registrations_status_respond_by", "registrations", ["status", "respond_by", "id"]),
    ("ix_registrations_status_estimate", "registrations", ["status", "estimated_amount_minor", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
