"""Touches: the claimed ones waiting for sales to confirm or reject, and one partner's own. A deleted touch, or
one of a deleted partner or deal, is not shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Select, select

from partnerops.analytics.live import live_touch
from partnerops.domain.enums import TouchStatus
from partnerops.store.tables import accounts, opportunities, partners, touches


@dataclass(frozen=True)
class TouchRow:
    id: int
    partner_id: int
    partner: str
    opportunity: str
    account: str
    type: str
    touched_on: date
    actor: str | None
    evidence: str | None
    status: str


def claimed_touches(connection: Connection, limit: int = 200) -> list[TouchRow]:
    """Claimed touches awaiting a decision (internal users), oldest first."""
    query = _rows().where(touches.c.status == TouchStatus.CLAIMED.value)
    return _fetch(connection, query.order_by(touches.c.touched_on, touches.c.id).limit(limit))


def partner_touches(connection: Connection, partner_id: int, limit: int = 200) -> list[TouchRow]:
    query = _rows().where(touches.c.partner_id == partner_id)
    return _fetch(connection, query.order_by(touches.c.touched_on.desc(), touches.c.id.desc()).limit(limit))


def find_touch(connection: Connection, touch_id: int) -> TouchRow | None:
    rows = _fetch(connection, _rows().where(touches.c.id == touch_id))
    return rows[0] if rows else None


def _rows() -> Select[tuple[object, ...]]:
    t = touches.c
    return (
        select(
            t.id, t.partner_id, partners.c.name.label("partner"), opportunities.c.name.label("opportunity"),
            accounts.c.name.label("account"), t.type, t.touched_on, t.actor, t.evidence, t.status,
        )  # fmt: skip
        .join(partners, partners.c.id == t.partner_id)
        .join(opportunities, opportunities.c.id == t.opportunity_id)
        .join(accounts, accounts.c.id == opportunities.c.account_id)
        .where(live_touch())
    )


def _fetch(connection: Connection, query: Select[tuple[object, ...]]) -> list[TouchRow]:
    return [TouchRow(**row._mapping) for row in connection.execute(query)]
