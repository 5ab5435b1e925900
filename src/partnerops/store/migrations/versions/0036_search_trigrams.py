"""Trigram indexes for the list pages' searches on PostgreSQL: a search is "contains, ignoring case" (ILIKE
'%text%'), which no B-tree can answer; pg_trgm's GIN indexes can, so a search of 100,000 touches reads the few
rows that hold the text instead of every row. One index per table covers each column its lists search (the planner
combines the columns' scans). The audit log, which imports write a row per change into, is left unindexed.

A GIN index files new rows in a pending list first and sorts them in later; a search reads that list whole. The
tables imports write are filed at the end of each import (`store.statistics.analyze`); registrations, which
partners submit one at a time, are filed as they come (fastupdate off), so their searches never wait on it.

SQLite has no such index (its LIKE scans, fast enough there), and a PostgreSQL server without the pg_trgm
extension available keeps searching by scanning: the migration says so and goes on.

Revision ID: 0036
Revises: 0035
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_partners_search", "partners", ("name", "external_id"), True),
    ("ix_accounts_search", "accounts", ("name",), True),
    ("ix_opportunities_search", "opportunities", ("name", "external_id", "owner"), True),
    ("ix_touches_search", "touches", ("evidence",), True),
    ("ix_quarantine_search", "quarantine", ("file", "field", "value", "reason", "record_key"), True),
    ("ix_registrations_search", "registrations", ("company_name", "domain", "contact_name"), False),
)  # (name, table, columns, whether new rows wait in the pending list)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if available is None:
        logging.getLogger("alembic").warning(
            "pg_trgm is not available on this PostgreSQL server (Debian: the postgresql-contrib package): list "
            "searches will scan their tables")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, columns, pending in INDEXES:
        keys = ", ".join(f"{column} gin_trgm_ops" for column in columns)
        options = "" if pending else " WITH (fastupdate = off)"
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({keys}){options}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, *_ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
