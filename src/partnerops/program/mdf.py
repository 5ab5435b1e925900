"""MDF funds: allocating a partner's funds for a period, and its balance per currency.

`partner_mdf_balance` is what other features (the assistant) read: every figure is Money in one currency.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import Connection, func, select

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import InvalidProgramInput, ProgramNotFound
from partnerops.program.mdf_model import LIVE_CLAIMS, ClaimStatus, MdfBalance, RequestStatus
from partnerops.program.periods import parse_period
from partnerops.store.program_tables import mdf_allocations, mdf_claims, mdf_requests
from partnerops.store.tables import partners

__all__ = ["MdfBalance", "allocate_funds", "partner_mdf_balance"]

_FIGURES = ("allocated", "requested", "committed", "claimed", "reimbursed")


def allocate_funds(
    conn: Connection, principal: Principal, partner_id: int, period: str, amount: Money, now: datetime | None = None
) -> int:
    """Set the partner's allocation for `period` in `amount`'s currency (replacing an earlier one); audited."""
    require_role(principal, PROGRAM_MANAGERS, "allocating MDF")
    label = parse_period(period).label
    if amount.amount < 0:
        raise InvalidProgramInput("amount", f"an allocation cannot be negative, got {amount}")
    if conn.execute(select(partners.c.id).where(partners.c.id == partner_id)).first() is None:
        raise ProgramNotFound("partner", partner_id)
    now = now or datetime.now(UTC)
    a = mdf_allocations.c
    key = (a.partner_id == partner_id) & (a.period == label) & (a.currency == amount.currency)
    found = conn.execute(select(a.id, a.amount_minor).where(key)).first()
    if found is None:
        allocation_id = conn.execute(mdf_allocations.insert().values(
            partner_id=partner_id, period=label, amount_minor=amount.minor, currency=amount.currency,
            allocated_at=now, allocated_by=principal.email,
        ).returning(a.id)).scalar_one()  # fmt: skip
        old = None
    else:
        allocation_id, old = found.id, str(Money.from_minor(found.amount_minor, amount.currency))
        conn.execute(mdf_allocations.update().where(a.id == found.id).values(
            amount_minor=amount.minor, allocated_at=now, allocated_by=principal.email))  # fmt: skip
    audit_change(conn, "mdf_allocations", allocation_id, ("amount", old, str(amount)), principal.email, now)
    return int(allocation_id)


def partner_mdf_balance(conn: Connection, partner_id: int, today: date) -> dict[str, MdfBalance]:
    """The partner's MDF as of `today`, per currency (allocated, requested, committed, claimed, reimbursed,
    remaining); an empty dict when it has no funds and no requests."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_FIGURES, 0))
    for period, currency, minor in _allocations(conn, partner_id):
        if parse_period(period).starts_on <= today:
            totals[currency]["allocated"] += minor
    for figure, currency, minor in _request_totals(conn, partner_id, today) + _claim_totals(conn, partner_id, today):
        totals[currency][figure] += minor
    return {
        currency: MdfBalance(currency, *(Money.from_minor(figures[f], currency) for f in _FIGURES))
        for currency, figures in sorted(totals.items())
    }


def remaining_funds(conn: Connection, partner_id: int, currency: str, today: date) -> Money:
    balance = partner_mdf_balance(conn, partner_id, today).get(currency)
    return balance.remaining if balance else Money(Decimal(0), currency)


def _allocations(conn: Connection, partner_id: int) -> list[tuple[str, str, int]]:
    a = mdf_allocations.c
    rows = conn.execute(select(a.period, a.currency, a.amount_minor).where(a.partner_id == partner_id))
    return [(row.period, row.currency, int(row.amount_minor)) for row in rows]


def _end_of(today: date) -> datetime:
    return datetime.combine(today, time.max, tzinfo=UTC)


def _request_totals(conn: Connection, partner_id: int, today: date) -> list[tuple[str, str, int]]:
    r = mdf_requests.c
    query = (
        select(r.status, r.currency, func.sum(r.budget_minor))
        .where(r.partner_id == partner_id, r.submitted_at <= _end_of(today),
               r.status.in_([RequestStatus.PENDING.value, RequestStatus.APPROVED.value]))
        .group_by(r.status, r.currency)
    )  # fmt: skip
    figure = {RequestStatus.PENDING.value: "requested", RequestStatus.APPROVED.value: "committed"}
    return [(figure[status], currency, int(total)) for status, currency, total in conn.execute(query)]


def _claim_totals(conn: Connection, partner_id: int, today: date) -> list[tuple[str, str, int]]:
    c = mdf_claims.c
    query = (
        select(c.status, c.currency, func.sum(c.amount_minor))
        .where(c.partner_id == partner_id, c.claimed_at <= _end_of(today), c.status.in_(LIVE_CLAIMS))
        .group_by(c.status, c.currency)
    )
    found: list[tuple[str, str, int]] = []
    for status, currency, total in conn.execute(query):
        found.append(("claimed", currency, int(total)))
        if status == ClaimStatus.REIMBURSED.value:
            found.append(("reimbursed", currency, int(total)))
    return found
