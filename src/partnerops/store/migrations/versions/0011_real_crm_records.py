"""Real CRM records: open deals without an amount, deleted records, owners and deal type, the account
hierarchy, the imported value of shared fields, import run status and a quarantine per source record

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SHARED = {"partners": ("type", "tier", "stage", "domain", "owner"), "touches": ("status",)}


def _deleted() -> sa.Column:
    return sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("opportunities") as batch:
        batch.alter_column("amount_minor", existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("owner_team", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("deal_type", sa.String(length=32), nullable=True))
        batch.add_column(_deleted())
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("parent_id", sa.String(length=128), nullable=True))
        batch.add_column(_deleted())
    for table, fields in SHARED.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(_deleted())
            for field in fields:
                batch.add_column(sa.Column(f"{field}_as_imported", sa.Text(), nullable=True))
        # What is stored now is what was last imported: no decision made here is lost by the upgrade.
        sets = ", ".join(f"{field}_as_imported = {field}" for field in fields)
        op.execute(f"UPDATE {table} SET {sets}")
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="finished"))
        batch.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("actor", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("deleted", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("warnings", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))
    with op.batch_alter_table("quarantine") as batch:
        batch.add_column(sa.Column("source_system", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("record_key", sa.Text(), nullable=True))
        batch.add_column(sa.Column("severity", sa.String(length=8), nullable=False, server_default="error"))
        batch.add_column(sa.Column("errors", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_batch_id", sa.Integer(), nullable=True))
        batch.create_index("ix_quarantine_record", ["kind", "source_system", "record_key"])


def downgrade() -> None:
    with op.batch_alter_table("quarantine") as batch:
        batch.drop_index("ix_quarantine_record")
        for name in ("closed_batch_id", "updated_at", "errors", "severity", "record_key", "source_system"):
            batch.drop_column(name)
    with op.batch_alter_table("import_batches") as batch:
        for name in ("error", "warnings", "deleted", "host", "pid", "actor", "finished_at", "status"):
            batch.drop_column(name)
    for table, fields in SHARED.items():
        with op.batch_alter_table(table) as batch:
            for field in fields:
                batch.drop_column(f"{field}_as_imported")
            batch.drop_column("deleted_at")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("parent_id")
    with op.batch_alter_table("opportunities") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("deal_type")
        batch.drop_column("owner_team")
        batch.drop_column("owner")
        batch.alter_column("amount_minor", existing_type=sa.BigInteger(), nullable=False)
