"""An index of the touch each signal proposes: the signal review list counts each proposed touch's signals, names
its trackers, filters by tracker and shows the evidence of a page's touches, all by `signals.touch_id`, which
without an index is a scan of every signal per question.

Revision ID: 0037
Revises: 0036
"""

from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_signals_touch_id"), "signals", ["touch_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_signals_touch_id"), table_name="signals")
