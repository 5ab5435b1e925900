"""From signal to touch: a partner mention on a deal becomes a claimed touch awaiting a partner manager's review.

Claimed touches do not count in attribution under the default policy (`count_unconfirmed: false`), so a
transcript alone never moves a deal's tier until someone confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select, update

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.ingest.conversations.model import Side
from partnerops.store.audit import record_changes
from partnerops.store.signal_tables import signals
from partnerops.store.tables import touches

SOURCE_SYSTEM = "signal"


@dataclass(frozen=True)
class TouchTypes:
    """The touch type proposed for a mention by each side."""

    customer: TouchType = TouchType.VERBAL_RECOMMENDATION
    ours: TouchType = TouchType.INTEL
    unknown: TouchType = TouchType.INTEL

    def for_side(self, side: str) -> TouchType:
        return {Side.CUSTOMER.value: self.customer, Side.OURS.value: self.ours}.get(side, self.unknown)


class SignalNotFound(LookupError):
    def __init__(self, signal_id: int) -> None:
        super().__init__(f"signal {signal_id} not found")


class NotProposed(ValueError):
    def __init__(self, signal_id: int) -> None:
        super().__init__(f"signal {signal_id} has no proposed touch (it needs a partner and a deal; "
                         "run `partnerops signals propose`)")


class AlreadyReviewed(ValueError):
    def __init__(self, signal_id: int, status: str) -> None:
        super().__init__(f"signal {signal_id}: its touch is already {status}")


def propose_touches(engine: Engine, actor: str, now: datetime, types: TouchTypes | None = None) -> int:
    """A claimed touch for every partner signal on a deal that has none yet; returns how many were created."""
    types = types or TouchTypes()
    pending = select(signals).where(signals.c.touch_id.is_(None), signals.c.partner_id.is_not(None),
                                    signals.c.opportunity_id.is_not(None)).order_by(signals.c.id)
    created = 0
    with engine.begin() as conn:
        for row in conn.execute(pending).mappings().all():
            touch_id = _touch_for(conn, dict(row), actor, now, types)
            conn.execute(update(signals).where(signals.c.id == row["id"]).values(touch_id=touch_id))
            created += 1
    return created


def _touch_for(conn: Connection, signal: dict[str, Any], actor: str, now: datetime, types: TouchTypes) -> int:
    key = f"signal-{signal['id']}"
    existing = conn.execute(select(touches.c.id).where(touches.c.source_system == SOURCE_SYSTEM,
                                                       touches.c.external_id == key)).scalar_one_or_none()
    if existing is not None:
        return int(existing)
    values = {"source_system": SOURCE_SYSTEM, "external_id": key, "partner_id": signal["partner_id"],
              "opportunity_id": signal["opportunity_id"], "type": types.for_side(signal["side"]).value,
              "touched_on": _day(signal["occurred_at"], now), "actor": actor, "evidence": _evidence(signal),
              "status": TouchStatus.CLAIMED.value}
    return int(conn.execute(touches.insert().values(values).returning(touches.c.id)).scalar_one())


def _day(occurred_at: datetime | None, now: datetime) -> date:
    return (occurred_at or now).date()


def _evidence(signal: dict[str, Any]) -> str:
    who = f"{signal['speaker']} ({signal['side']})" if signal["speaker"] else signal["side"]
    return f"{signal['file']} at {signal['offset']}: {who} said \"{signal['snippet']}\""


def review_signal(engine: Engine, signal_id: int, confirm: bool, actor: str, now: datetime,
                  reason: str | None = None) -> TouchStatus:
    """Confirm or reject the touch proposed from a signal; the decision goes to the audit log."""
    decision = TouchStatus.CONFIRMED if confirm else TouchStatus.REJECTED
    with engine.begin() as conn:
        touch_id = _proposed_touch(conn, signal_id)
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        if status != TouchStatus.CLAIMED.value:
            raise AlreadyReviewed(signal_id, status)
        conn.execute(update(touches).where(touches.c.id == touch_id).values(status=decision.value, updated_at=now))
        change = pl.DataFrame({"entity_id": [touch_id], "field": ["status"], "old_value": [status],
                               "new_value": [decision.value]})
        record_changes(conn, "touch", change, actor, now, reason or f"review of signal {signal_id}")
    return decision


def _proposed_touch(conn: Connection, signal_id: int) -> int:
    row = conn.execute(select(signals.c.touch_id).where(signals.c.id == signal_id)).one_or_none()
    if row is None:
        raise SignalNotFound(signal_id)
    if row.touch_id is None:
        raise NotProposed(signal_id)
    return int(row.touch_id)
