"""The accounts, opportunities and live registrations a claim is checked against, as they stood on a day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

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


def load_accounts(conn: Connection) -> list[KnownAccount]:
    """Every account, without its opportunities (enough to match a claim by name and domain)."""
    rows = conn.execute(select(accounts.c.id, accounts.c.name, accounts.c.domain).order_by(accounts.c.id))
    return [KnownAccount(row.id, row.name, row.domain) for row in rows]


def load_opportunities(conn: Connection, account_ids: Sequence[int] | None = None) -> list[OpportunityDates]:
    query = select(opportunities.c.id, opportunities.c.account_id, opportunities.c.outcome,
                   opportunities.c.created_on, opportunities.c.closed_on).order_by(opportunities.c.id)
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


def live_registrations(conn: Connection, today: date) -> list[LiveRegistration]:
    """Pending or approved registrations that have not expired by `today`."""
    live = (RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value)
    query = select(registrations.c.id, registrations.c.partner_id, registrations.c.company_name,
                   registrations.c.domain, registrations.c.account_id).where(
        registrations.c.status.in_(live), registrations.c.expires_on >= today)
    return [LiveRegistration(r.id, r.partner_id, r.company_name, r.domain, r.account_id) for r in conn.execute(query)]
