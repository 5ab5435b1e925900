"""Touches: the claimed ones waiting for sales to confirm or reject, and one partner's own. A deleted touch, or
one of a deleted partner or deal, is not shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Select, select

from partnerops.analytics.live import live_account, live_partner, live_touch_in_bulk
from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.store.tables import accounts, opportunities, partners, touches
from partnerops.web.listing import Column, Filter, Joined, ListSpec

_TYPES = Filter("type", "Type", tuple(t.value for t in TouchType))
_STATUSES = Filter("status", "Status", tuple(s.value for s in TouchStatus))
# The names a touch list shows from the touch's partner, deal and account: searched and sorted in their own tables.
_JOINED = (Joined("partner", (touches.c.partner_id, partners.c.name)),
           Joined("opportunity", (touches.c.opportunity_id, opportunities.c.name)),
           Joined("account", (touches.c.opportunity_id, opportunities.c.account_id, accounts.c.name)))  # fmt: skip
TOUCH_QUEUE = ListSpec(
    noun="claimed touches",
    columns=(Column("touched_on", "Date"), Column("partner", "Partner"), Column("type", "Type"),
             Column("opportunity", "Opportunity"), Column("evidence", "Evidence", sortable=False)),
    default_sort="touched_on",
    search=("partner", "opportunity", "account", "evidence"),
    filters=(_TYPES,),
    exported=(Column("touched_on", "Date"), Column("partner", "Partner"), Column("partner_ref", "Partner id"),
              Column("type", "Type"), Column("opportunity", "Opportunity"),
              Column("opportunity_ref", "Opportunity id"), Column("account", "Account"),
              Column("evidence", "Evidence"), Column("actor", "Claimed by"), Column("status", "Status")),
    joined=_JOINED,
)
PARTNER_TOUCH_LIST = ListSpec(
    noun="touches",
    columns=(Column("touched_on", "Date"), Column("type", "Type"), Column("opportunity", "Opportunity"),
             Column("account", "Account"), Column("status", "Status")),
    default_sort="-touched_on",
    search=("opportunity", "account", "evidence"),
    filters=(_TYPES, _STATUSES),
    exported=TOUCH_QUEUE.exported,
    joined=_JOINED,
)
MY_TOUCH_LIST = ListSpec(
    noun="touches",
    columns=PARTNER_TOUCH_LIST.columns,
    default_sort="-touched_on",
    search=PARTNER_TOUCH_LIST.search,
    filters=(_TYPES, _STATUSES),
    exported=(Column("touched_on", "Date"), Column("type", "Type"), Column("opportunity", "Opportunity"),
              Column("account", "Account"), Column("evidence", "Evidence"), Column("status", "Status")),
    joined=_JOINED,
)  # fmt: skip
DEAL_TOUCH_LIST = ListSpec(
    noun="touches",
    columns=(Column("touched_on", "Date"), Column("partner", "Partner"), Column("type", "Type"),
             Column("status", "Status"), Column("evidence", "Evidence", sortable=False)),
    default_sort="-touched_on",
    search=("partner", "evidence"),
    filters=(_TYPES, _STATUSES),
    exported=TOUCH_QUEUE.exported,
    joined=_JOINED,
)


def touch_list() -> Select[tuple[object, ...]]:
    """Every live touch with its partner, deal and account named, for the touch lists."""
    return _rows()


def claimed_touch_list() -> Select[tuple[object, ...]]:
    """Claimed touches awaiting a decision, for `TOUCH_QUEUE` (internal users)."""
    return _rows().where(touches.c.status == TouchStatus.CLAIMED.value)


def claimed_touch_count_base() -> Select[tuple[object, ...]]:
    """The rows of `claimed_touch_list` without the joined names: what its total needs unless a search reads them."""
    t = touches.c
    return select(t.id, t.touched_on, t.type, t.status, t.evidence).where(t.status == TouchStatus.CLAIMED.value,
                                                             live_touch_in_bulk())


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


def find_touch(connection: Connection, touch_id: int) -> dict[str, object] | None:
    row = connection.execute(_rows().where(touches.c.id == touch_id)).first()
    return None if row is None else dict(row._mapping)


def _rows() -> Select[tuple[object, ...]]:
    t = touches.c
    return (
        select(
            t.id, t.partner_id, partners.c.name.label("partner"), opportunities.c.name.label("opportunity"),
            accounts.c.name.label("account"), t.type, t.touched_on, t.actor, t.evidence, t.status,
            partners.c.external_id.label("partner_ref"), opportunities.c.external_id.label("opportunity_ref"),
        )  # fmt: skip
        .join(partners, partners.c.id == t.partner_id)
        .join(opportunities, opportunities.c.id == t.opportunity_id)
        .join(accounts, accounts.c.id == opportunities.c.account_id)
        # live_touch() on the joined rows: the touch, its partner, its deal and the deal's account are not
        # deleted (the joins already find each one, so no existence check per row is needed).
        .where(t.deleted_at.is_(None), live_partner(), opportunities.c.deleted_at.is_(None), live_account())
    )


def _fetch(connection: Connection, query: Select[tuple[object, ...]]) -> list[TouchRow]:
    fields = TouchRow.__dataclass_fields__
    return [TouchRow(**{k: v for k, v in row._mapping.items() if k in fields}) for row in connection.execute(query)]
