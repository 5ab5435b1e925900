"""Deals with their stage history, inserted in bulk straight into the store tables for forecast tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, insert, select

from analytics.impact_rows import ImpactRows
from partnerops.store.history_tables import stage_history
from partnerops.store.tables import attribution_results, opportunities

_ids = itertools.count(1)


@dataclass
class HistoryDeal:
    """A deal that entered `stages` in order, one every `step` days from `created_on`."""

    stages: list[str]
    outcome: str
    created_on: date
    amount_minor: int | None = 1000_00
    tier: str = "direct"
    expected_close_on: date | None = None
    step: int = 10
    deleted: bool = False
    history: list[tuple[str, date]] = field(init=False)

    def __post_init__(self) -> None:
        self.history = [(stage, self.created_on + timedelta(days=self.step * i)) for i, stage in enumerate(self.stages)]

    @property
    def closed_on(self) -> date | None:
        return None if self.outcome == "open" else self.history[-1][1]


def insert_deals(connection: Connection, rows: ImpactRows, deals: list[HistoryDeal], partner_id: int) -> list[int]:
    """Insert `deals` (their current stage is the last they entered) with their history; a deal of a tier other
    than direct is attributed to `partner_id` at that tier. Returns the database ids in order."""
    keys = [f"h{next(_ids)}" for _ in deals]
    connection.execute(insert(opportunities), [
        {"source_system": "test", "external_id": key, "account_id": rows.account_id, "name": key,
         "amount_minor": d.amount_minor, "currency": "USD", "stage": d.stages[-1], "outcome": d.outcome,
         "created_on": d.created_on, "closed_on": d.closed_on, "expected_close_on": d.expected_close_on,
         "deleted_at": d.closed_on or d.created_on if d.deleted else None}
        for key, d in zip(keys, deals, strict=True)
    ])  # fmt: skip
    found = dict(connection.execute(select(opportunities.c.external_id, opportunities.c.id)
                                    .where(opportunities.c.external_id.in_(keys))).all())  # fmt: skip
    ids = [found[key] for key in keys]
    history = [
        {"source_system": "test", "external_id": f"{deal_id}-{i}", "opportunity_id": deal_id, "stage": stage,
         "changed_on": day}
        for deal_id, d in zip(ids, deals, strict=True) for i, (stage, day) in enumerate(d.history)
    ]  # fmt: skip
    if history:
        connection.execute(insert(stage_history), history)
    attributed = [
        {"run_id": rows.run_id, "opportunity_id": deal_id, "partner_id": partner_id, "tier": d.tier, "evidence": []}
        for deal_id, d in zip(ids, deals, strict=True) if d.tier != "direct"
    ]  # fmt: skip
    if attributed:
        connection.execute(insert(attribution_results), attributed)
    return ids
