"""The accounts, opportunities and live registrations a claim is checked against, as they stood on a day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, or_, select

from partnerops.analytics.live import live_account, live_opportunity
from partnerops.domain.enums import Outcome
from partnerops.domain.registration_rules import KnownAccount, LiveRegistration, RegistrationStatus
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities


@dataclass(frozen=True)
class OpportunityDates:
    id: int
    account_id: int
    outcome: Outcome
    created_on: date
    closed_on: date | None

    def open_on(self, day: date) -> bool:
        return self.created_on <= day and (self.closed_on is None or self.closed_on > day)

    def won_by(self, day: date) -> bool:
        return self.outcome is Outcome.WON and self.closed_on is not None and self.closed_on <= day


def load_accounts(conn: Connection, account_ids: Collection[int] | None = None) -> list[KnownAccount]:
    """Every account (or those with `account_ids`), without its opportunities (enough to match a claim by name
    and domain)."""
    query = select(accounts.c.id, accounts.c.name, accounts.c.domain).where(live_account()).order_by(accounts.c.id)
    if account_ids is not None:
        query = query.where(accounts.c.id.in_(list(account_ids)))
    return [KnownAccount(row.id, row.name, row.domain) for row in conn.execute(query)]


def load_opportunities(conn: Connection, account_ids: Sequence[int] | None = None) -> list[OpportunityDates]:
    query = select(opportunities.c.id, opportunities.c.account_id, opportunities.c.outcome,
                   opportunities.c.created_on, opportunities.c.closed_on).where(live_opportunity())
    query = query.order_by(opportunities.c.id)
    if account_ids is not None:
        query = query.where(opportunities.c.account_id.in_(list(account_ids)))
    rows = conn.execute(query)
    return [OpportunityDates(r.id, r.account_id, Outcome(r.outcome), r.created_on, r.closed_on) for r in rows]


def accounts_as_of(known: Iterable[KnownAccount], deals: Iterable[OpportunityDates], day: date) -> list[KnownAccount]:
    """The accounts with the opportunities that were open, and those already won, on `day`."""
    open_ids: defaultdict[int, list[int]] = defaultdict(list)
    won_ids: defaultdict[int, list[int]] = defaultdict(list)
    for deal in deals:
        if deal.open_on(day):
            open_ids[deal.account_id].append(deal.id)
        elif deal.won_by(day):
            won_ids[deal.account_id].append(deal.id)
    return [KnownAccount(a.id, a.name, a.domain, tuple(open_ids[a.id]), tuple(won_ids[a.id])) for a in known]


def live_registrations(conn: Connection, today: date, registration_ids: Collection[int],
                       account_ids: Collection[int]) -> list[LiveRegistration]:
    """Pending or approved registrations that have not expired by `today`, among `registration_ids` or on one
    of `account_ids`."""
    if not registration_ids and not account_ids:
        return []
    r = registrations.c
    live = (RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value)
    query = select(r.id, r.partner_id, r.company_name, r.domain, r.account_id).where(
        r.status.in_(live), r.expires_on >= today,
        or_(r.id.in_(list(registration_ids)), r.account_id.in_(list(account_ids)))).order_by(r.id)
    return [LiveRegistration(x.id, x.partner_id, x.company_name, x.domain, x.account_id) for x in conn.execute(query)]
