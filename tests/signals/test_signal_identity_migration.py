"""Migration 0019 on a database that holds one place found by two versions of a tracker (as rescans after an edit
stored them before): one signal remains, the first, listing both versions and keeping the touch (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, select, text

from partnerops.store.database import alembic_config
from partnerops.store.signal_tables import signals

AT = datetime(2026, 3, 1, tzinfo=UTC)


def _old_signal(version: int, offset: int) -> dict[str, object]:
    return {"file": "call.vtt", "file_sha256": "a" * 64, "offset": offset, "source_format": "zoom_vtt",
            "tracker_id": 1, "tracker_version": version, "phrase": "Lido", "snippet": "Lido", "speaker": "",
            "side": "unknown", "created_at": AT}


def test_signals_of_one_place_found_by_two_versions_become_one(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0018")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO trackers (id, name, kind, current_version, created_at, updated_at) "
                          "VALUES (1, 'Lido', 'theme', 2, :at, :at)"), {"at": AT})
        columns = ", ".join(f'"{name}"' for name in _old_signal(1, 5))
        values = ", ".join(f":{name}" for name in _old_signal(1, 5))
        insert = text(f"INSERT INTO signals ({columns}) VALUES ({values})")
        conn.execute(insert, [_old_signal(1, 5), _old_signal(2, 5), _old_signal(2, 40)])
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as conn:
        rows = conn.execute(select(signals.c.offset, signals.c.tracker_version, signals.c.tracker_versions,
                                   signals.c.quoted).order_by(signals.c.offset)).all()
    assert [tuple(row) for row in rows] == [(5, 1, [1, 2], False), (40, 2, [2], False)]
