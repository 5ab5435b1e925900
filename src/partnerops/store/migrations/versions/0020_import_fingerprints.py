"""Accounts and opportunities keep the fingerprint of the file row an import last wrote them from, and a trigger
clears it whenever anything else writes the record, so a re-import can skip the rows that would change nothing

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("accounts", "opportunities")
# Named as store/fingerprints.py looks them up before an import trusts the fingerprints.
FUNCTION = "import_fingerprint_stale"


def _trigger(table: str) -> str:
    return f"{table}_import_fingerprint_stale"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("import_fingerprint", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.import_fingerprint IS NOT DISTINCT FROM OLD.import_fingerprint THEN
                    NEW.import_fingerprint := NULL;
                END IF;
                RETURN NEW;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {_trigger(table)} BEFORE UPDATE ON {table} FOR EACH ROW "
                       f"EXECUTE FUNCTION {FUNCTION}()")
        return
    for table in TABLES:
        # An update that leaves the fingerprint as it was is not an import of that row: the record no longer is
        # what the fingerprinted row made it. (Recursive triggers are off, and the inner update sets NULL anyway.)
        op.execute(f"""
            CREATE TRIGGER {_trigger(table)} AFTER UPDATE ON {table} FOR EACH ROW
            WHEN NEW.import_fingerprint IS OLD.import_fingerprint AND OLD.import_fingerprint IS NOT NULL
            BEGIN
                UPDATE {table} SET import_fingerprint = NULL WHERE id = NEW.id;
            END""")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)}" + (f" ON {table}" if postgres else ""))
        with op.batch_alter_table(table) as batch:
            batch.drop_column("import_fingerprint")
    if postgres:
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
