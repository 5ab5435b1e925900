"""The records an asker may see, read with the principal's scope applied in SQL before anything else (and
never a record deleted in its CRM)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from partnerops.analytics.live import live_opportunity
from partnerops.auth.scope import opportunity_scope
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.store.tables import accounts, attribution_results, attribution_runs, opportunities


@dataclass(frozen=True)
class Deal:
    id: int  # for queries only, never shown
    ref: str  # its id in the CRM, as every answer names it
    name: str
    account: str
    stage: str
    outcome: str
    amount: Money | None  # None: an open deal whose amount is not known yet
    created_on: date
    closed_on: date | None
    expected_close_on: date | None


def latest_run_id(conn: Connection) -> int | None:
    """The attribution run whose results the assistant reports: the latest one."""
    r = attribution_runs.c
    return conn.execute(select(r.id).order_by(r.ran_at.desc(), r.id.desc()).limit(1)).scalar_one_or_none()


def visible_deals(conn: Connection, principal: Principal, ids: list[int] | None = None) -> list[Deal]:
    """Deals the principal may see (a partner: those its partner touched), optionally only `ids`."""
    o = opportunities.c
    query = (
        select(o.id, o.external_id, o.name, accounts.c.name.label("account"), o.stage, o.outcome, o.amount_minor,
               o.currency, o.created_on, o.closed_on, o.expected_close_on)  # fmt: skip
        .join(accounts, accounts.c.id == o.account_id)
        .where(opportunity_scope(principal), live_opportunity())
        .order_by(o.id)
    )
    if ids is not None:
        query = query.where(o.id.in_(ids))
    return [
        Deal(r.id, r.external_id, r.name, r.account, r.stage, r.outcome,
             None if r.amount_minor is None else Money.from_minor(r.amount_minor, r.currency),
             r.created_on, r.closed_on, r.expected_close_on)
        for r in conn.execute(query)
    ]  # fmt: skip


def own_tiers(conn: Connection, partner_id: int, deal_ids: list[int]) -> dict[int, str]:
    """The partner's own attribution tier on each of `deal_ids` in the latest run (none: not attributed)."""
    r = attribution_results.c
    query = select(r.opportunity_id, r.tier).where(
        r.partner_id == partner_id, r.run_id == latest_run_id(conn), r.opportunity_id.in_(deal_ids)
    )
    return {int(row.opportunity_id): str(row.tier) for row in conn.execute(query)}


def deal_link(ref: str) -> str:
    """Where a deal named REF is read, by anyone who may see it: the API answers it by its CRM id."""
    from urllib.parse import quote

    return f"/api/v1/opportunities/{quote(ref, safe='')}"


def deal_refs(conn: Connection, ids: list[int]) -> dict[int, str]:
    """The CRM ids of deals IDS, as answers name them."""
    from partnerops.analytics.record_lists import external_ids

    return external_ids(conn, "opportunity", ids)


def named_deal(deals: list[Deal], text: str) -> list[Deal]:
    """Of DEALS, those TEXT names by CRM id (a whole word of it; a sentence's full stop is not part of it)."""
    words = {word.strip(".:-") for word in re.findall(r"[\w:.-]+", text.lower())}
    return [d for d in deals if d.ref.lower() in words]
