"""The cursor of each object a connection reads: the modification stamp of its last committed page."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update

from partnerops.store.sync_tables import sync_cursors


def read_cursor(engine: Engine, connection_id: int, obj: str) -> str | None:
    query = select(sync_cursors.c.stamp).where(sync_cursors.c.connection_id == connection_id,
                                               sync_cursors.c.object == obj)
    with engine.connect() as conn:
        stamp = conn.execute(query).scalar()
    return str(stamp) if stamp is not None else None


def save_cursor(engine: Engine, connection_id: int, obj: str, stamp: str) -> None:
    """Keep `stamp` as the object's cursor (its first one is inserted, later ones update it)."""
    at = datetime.now(UTC)
    mine = (sync_cursors.c.connection_id == connection_id) & (sync_cursors.c.object == obj)
    with engine.begin() as conn:
        if conn.execute(update(sync_cursors).where(mine).values(stamp=stamp, updated_at=at)).rowcount == 0:
            conn.execute(insert(sync_cursors).values(connection_id=connection_id, object=obj, stamp=stamp,
                                                     updated_at=at))


def clear_cursors(engine: Engine, connection_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sync_cursors).where(sync_cursors.c.connection_id == connection_id))
