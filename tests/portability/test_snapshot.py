"""An export reads one committed state from its first query to its last, while others keep writing."""

from __future__ import annotations

from sqlalchemy import Engine, func, insert, select

from partnerops.portability.snapshot import snapshot
from partnerops.store.tables import partners


def _count(conn: object) -> int:
    return int(conn.execute(select(func.count()).select_from(partners)).scalar_one())  # type: ignore[attr-defined]


def _add(engine: Engine, external_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(insert(partners).values(source_system="csv", external_id=external_id, name=external_id,
                                             type="agency"))  # fmt: skip


def test_a_write_committed_during_the_export_is_not_seen_by_it(engine: Engine) -> None:
    _add(engine, "BEFORE")
    with snapshot(engine) as conn:
        seen_first = _count(conn)
        _add(engine, "DURING")
        seen_last = _count(conn)
    assert (seen_first, seen_last) == (1, 1)
    with engine.connect() as conn:
        assert _count(conn) == 2
