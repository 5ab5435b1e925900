"""What PartnerOps last wrote to each CRM field of each record (sync_pushed): the base a push compares the CRM's
current value with, so an unchanged value is not written again and a CRM user's edit is a conflict, not overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from partnerops.store.sync_tables import sync_pushed


@dataclass(frozen=True)
class Pushed:
    value: str | None
    problem: str | None


@dataclass(frozen=True)
class PushOutcome:
    """One field of one record after a push: written (problem None) or refused/failed with why."""

    external_id: str
    field: str
    value: str | None
    problem: str | None = None


def last_pushed(engine: Engine, connection_id: int) -> dict[tuple[str, str], Pushed]:
    c = sync_pushed.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.external_id, c.field, c.value, c.problem).where(c.connection_id == connection_id))
        return {(r.external_id, r.field): Pushed(r.value, r.problem) for r in rows}


def record_outcomes(engine: Engine, connection_id: int, outcomes: list[PushOutcome]) -> None:
    """Keep each written value as the new base; a refused or failed one keeps the old base and says why."""
    c, at = sync_pushed.c, datetime.now(UTC)
    with engine.begin() as conn:
        for outcome in outcomes:
            mine = (c.connection_id == connection_id) & (c.external_id == outcome.external_id) & (
                c.field == outcome.field)
            values: dict[str, Any] = {"pushed_at": at, "problem": outcome.problem,
                                      "wanted": outcome.value if outcome.problem else None}
            if outcome.problem is None:
                values["value"] = outcome.value
            if conn.execute(update(sync_pushed).where(mine).values(values)).rowcount == 0:
                base = None if outcome.problem else outcome.value
                conn.execute(insert(sync_pushed).values(connection_id=connection_id, external_id=outcome.external_id,
                                                        field=outcome.field, **{**values, "value": base}))


def push_problems(engine: Engine, connection_id: int) -> list[dict[str, Any]]:
    """Fields not written at the last push, with why (a conflict with a CRM edit, an error) and the wanted value."""
    c = sync_pushed.c
    query = (select(c.external_id, c.field, c.value, c.wanted, c.problem, c.pushed_at)
             .where(c.connection_id == connection_id, c.problem.is_not(None)).order_by(c.external_id, c.field))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
