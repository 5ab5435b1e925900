"""Import conflicts for the page isolation walk: one on partner B's claimed touch. The conflicts page is for
admins and partner managers, so partner A's user is refused it and cannot resolve B's conflict."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from partnerops.store.conflict_tables import import_conflicts
from partnerops.store.tables import touches

# Strings only partner B's conflict carries: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("BRAVO-CONFLICT-TOUCH",)
# Taking the file's value would change B's touch: the walk checks that B's records stay as they were.
FORM: dict[str, str] = {"keep": "theirs"}
BRAVO_CLAIMED_TOUCH = 12


def seed(engine: Engine) -> dict[str, int]:
    with engine.begin() as conn:
        conflict_id = conn.execute(import_conflicts.insert().values(
            entity="touches", entity_id=BRAVO_CLAIMED_TOUCH, source_system="csv", external_id="BRAVO-CONFLICT-TOUCH",
            field="status", base="confirmed", ours="claimed", theirs="rejected", status="open",
            detected_at=datetime(2026, 5, 1, tzinfo=UTC),
        ).returning(import_conflicts.c.id)).scalar_one()  # fmt: skip
    return {"conflict_id": int(conflict_id)}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change when partner A's user probes B's conflict: the conflict, and B's touch's status."""
    with engine.connect() as conn:
        conflict = conn.execute(select(import_conflicts.c.status, import_conflicts.c.kept)
                                .where(import_conflicts.c.id == ids["conflict_id"])).one()  # fmt: skip
        status = conn.execute(select(touches.c.status).where(touches.c.id == BRAVO_CLAIMED_TOUCH)).scalar_one()
    return tuple(conflict), status
