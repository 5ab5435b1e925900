"""Signals are identified by file, position and tracker and list the tracker versions that found them; quoted
email text is marked; speaker labels' organisations are kept as participants' affiliations

Revision ID: 0019
Revises: 0018
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

signals = sa.table("signals", sa.column("id", sa.Integer), sa.column("file_sha256", sa.String),
                   sa.column("offset", sa.Integer), sa.column("tracker_id", sa.Integer),
                   sa.column("tracker_version", sa.Integer), sa.column("tracker_versions", sa.JSON),
                   sa.column("touch_id", sa.Integer))


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.add_column(sa.Column("tracker_versions", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("quoted", sa.Boolean(), nullable=False, server_default=sa.false()))
    _merge_versions()
    with op.batch_alter_table("signals") as batch:
        batch.drop_constraint("uq_signals_key", type_="unique")
        batch.create_unique_constraint("uq_signals_place", ["file_sha256", "offset", "tracker_id"])
    op.create_table(
        "participant_affiliations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("conversation", sa.Integer(), nullable=False),
        sa.Column("thread", sa.String(length=64), nullable=True),
        sa.Column("speaker", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("tracker_id", sa.Integer(), sa.ForeignKey("trackers.id"), nullable=True),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True),
        sa.Column("opportunity_id", sa.Integer(), sa.ForeignKey("opportunities.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("file_sha256", "conversation", "speaker", "organisation",
                            name="uq_participant_affiliations"),
    )
    op.create_index("ix_participant_affiliations_partner_id", "participant_affiliations", ["partner_id"])


def _merge_versions() -> None:
    """Signals one place found by several versions of a tracker become one, the first kept, listing them all."""
    conn = op.get_bind()
    rows = conn.execute(sa.select(signals.c.id, signals.c.file_sha256, signals.c.offset, signals.c.tracker_id,
                                  signals.c.tracker_version, signals.c.touch_id).order_by(signals.c.id)).all()
    places: dict[tuple[str, int, int], list[sa.Row]] = {}
    for row in rows:
        places.setdefault((row.file_sha256, row.offset, row.tracker_id), []).append(row)
    for found in places.values():
        versions = sorted({row.tracker_version for row in found})
        touch = next((row.touch_id for row in found if row.touch_id is not None), None)
        conn.execute(sa.update(signals).where(signals.c.id == found[0].id).values(
            tracker_versions=json.loads(json.dumps(versions)), touch_id=touch))
        if len(found) > 1:
            conn.execute(sa.delete(signals).where(signals.c.id.in_([row.id for row in found[1:]])))


def downgrade() -> None:
    op.drop_index("ix_participant_affiliations_partner_id", table_name="participant_affiliations")
    op.drop_table("participant_affiliations")
    with op.batch_alter_table("signals") as batch:
        batch.drop_constraint("uq_signals_place", type_="unique")
        batch.create_unique_constraint("uq_signals_key", ["file_sha256", "offset", "tracker_id", "tracker_version"])
        batch.drop_column("quoted")
        batch.drop_column("tracker_versions")
