"""Indexes in the order the list pages read: claimed touches by date, deals newest first, the audit log newest
first, the quarantine by status and file, and each partner's attributed deals in a run. A page of 50 then reads
50 index entries instead of sorting every row.

Revision ID: 0025
Revises: 0024
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_touches_status_date", "touches", ["status", "touched_on", "id"]),
    ("ix_opportunities_created", "opportunities", ["created_on", "id"]),
    ("ix_audit_log_at", "audit_log", ["at", "id"]),
    ("ix_quarantine_status_file", "quarantine", ["status", "file", "id"]),
    ("ix_attribution_results_run_partner", "attribution_results", ["run_id", "partner_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
