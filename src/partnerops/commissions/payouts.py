"""Payout batches: what each partner is owed through a date, gathered as a draft, approved, then paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, func, insert, select, update

from partnerops.commissions.disputes import DisputeStatus
from partnerops.commissions.errors import CommissionNotFound, InvalidTransition
from partnerops.commissions.journal_repo import account_balances_by_partner, audit, post_entry
from partnerops.commissions.ledger import Account, EntryKind, JournalEntry, entry_lines
from partnerops.domain.money import Money
from partnerops.store.commission_tables import (
    commission_disputes,
    commission_entries,
    commission_entry_lines,
    commission_payout_batches,
    commission_payout_items,
)
from partnerops.store.locks import lock_row
from partnerops.store.payment_tables import payment_lines

__all__ = ["BatchStatus", "PayoutBatch", "approve_batch", "create_batch", "disputed_amounts", "list_batches",
           "pay_batch"]


class BatchStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PAID = "paid"


NEXT = {BatchStatus.DRAFT: BatchStatus.APPROVED, BatchStatus.APPROVED: BatchStatus.PAID}


@dataclass(frozen=True)
class PayoutItem:
    partner_id: int
    amount: Money


@dataclass(frozen=True)
class PayoutBatch:
    id: int
    status: BatchStatus
    through: date
    pay_on: date
    created_by: str
    items: tuple[PayoutItem, ...]

    def totals(self) -> dict[str, Money]:
        sums: dict[str, int] = {}
        for item in self.items:
            sums[item.amount.currency] = sums.get(item.amount.currency, 0) + item.amount.minor
        return {currency: Money.from_minor(minor, currency) for currency, minor in sums.items()}


def create_batch(engine: Engine, through: date, pay_on: date, actor: str) -> PayoutBatch:
    """A draft of what every partner is owed on entries booked through `through`, less what open batches hold
    and less the lines under an open dispute (paid by a later batch once the dispute is resolved)."""
    with engine.begin() as conn:
        owed = _owed(conn, through)
        if not owed:
            raise InvalidTransition(f"nothing is owed to any partner through {through} beyond open batches and "
                                    "disputed lines")
        batch_id = conn.execute(insert(commission_payout_batches).values(
            status=BatchStatus.DRAFT.value, through=through, pay_on=pay_on, created_by=actor,
            created_at=datetime.now(UTC),
        ).returning(commission_payout_batches.c.id)).scalar_one()  # fmt: skip
        conn.execute(insert(commission_payout_items), [
            {"batch_id": batch_id, "partner_id": p, "currency": m.currency, "amount_minor": m.minor} for p, m in owed
        ])  # fmt: skip
        audit(conn, "commission_payout_batch", batch_id, "status", None, BatchStatus.DRAFT.value, actor)
        return _batch(conn, batch_id)


def disputed_amounts(conn: Connection, through: date) -> dict[tuple[int, str], Money]:
    """Per (partner, currency): what the lines under an open dispute, booked through `through`, would add to the
    payout. A disputed clawback is not held back: the partner is not paid more while it is argued."""
    lines, entries, d = commission_entry_lines.c, commission_entries.c, commission_disputes.c
    query = (
        select(lines.partner_id, lines.currency, -func.sum(lines.amount_minor))
        .join(commission_entries, entries.id == lines.entry_id)
        .join(commission_disputes, d.entry_id == entries.id)
        .where(d.status == DisputeStatus.OPEN.value, lines.account == Account.PAYABLE.value,
               entries.booked_on <= through, lines.amount_minor < 0)
        .group_by(lines.partner_id, lines.currency)
    )  # fmt: skip
    return {(p, c): Money.from_minor(int(minor), c) for p, c, minor in conn.execute(query)}


def _owed(conn: Connection, through: date) -> list[tuple[int, Money]]:
    i, b = commission_payout_items.c, commission_payout_batches.c
    held = dict(((p, c), int(m)) for p, c, m in conn.execute(
        select(i.partner_id, i.currency, func.sum(i.amount_minor)).join(commission_payout_batches, b.id == i.batch_id)
        .where(b.status != BatchStatus.PAID.value).group_by(i.partner_id, i.currency)
    ))  # fmt: skip
    disputed = disputed_amounts(conn, through)
    owed = []
    for (partner_id, currency), payable in sorted(account_balances_by_partner(conn, through).items()):
        on_hold = disputed.get((partner_id, currency), Money.from_minor(0, currency)).minor
        minor = -payable.minor - held.get((partner_id, currency), 0) - on_hold
        if minor > 0:
            owed.append((partner_id, Money.from_minor(minor, currency)))
    return owed


def approve_batch(engine: Engine, batch_id: int, actor: str) -> PayoutBatch:
    with engine.begin() as conn:
        _move(conn, batch_id, BatchStatus.APPROVED, actor, approved_by=actor, approved_at=datetime.now(UTC))
        return _batch(conn, batch_id)


def pay_batch(engine: Engine, batch_id: int, actor: str, paid_on: date) -> PayoutBatch:
    """Mark an approved batch paid and post one payout entry per partner and currency."""
    with engine.begin() as conn:
        _refuse_provider_batch(conn, batch_id)
        _move(conn, batch_id, BatchStatus.PAID, actor, paid_by=actor, paid_at=datetime.now(UTC))
        batch = _batch(conn, batch_id)
        for item in batch.items:
            post_entry(conn, JournalEntry(
                key=f"payout:{batch_id}:{item.partner_id}:{item.amount.currency}", kind=EntryKind.PAYOUT,
                partner_id=item.partner_id, booked_on=paid_on, memo=f"payout batch {batch_id}", actor=actor,
                lines=entry_lines(EntryKind.PAYOUT, item.amount),
            ))  # fmt: skip
        return batch


def _refuse_provider_batch(conn: Connection, batch_id: int) -> None:
    # A batch executed through a payment provider is paid when the provider confirms its last line; marking it
    # paid by hand as well could pay a partner twice.
    provider = conn.execute(
        select(payment_lines.c.provider).where(payment_lines.c.batch_id == batch_id).limit(1)
    ).scalar()  # fmt: skip
    if provider is not None:
        raise InvalidTransition(f"payout batch {batch_id} is being paid through {provider}: it becomes paid when "
                                "the provider confirms its last line")


def _move(conn: Connection, batch_id: int, to: BatchStatus, actor: str, **stamps: object) -> None:
    # One transition at a time: a concurrent "pay" waits here, then finds the batch already paid.
    lock_row(conn, commission_payout_batches, batch_id)
    current = _status(conn, batch_id)
    if NEXT.get(current) is not to:
        raise InvalidTransition(f"payout batch {batch_id} is {current.value}: it cannot become {to.value}")
    b = commission_payout_batches.c
    conn.execute(update(commission_payout_batches).where(b.id == batch_id).values(status=to.value, **stamps))
    audit(conn, "commission_payout_batch", batch_id, "status", current.value, to.value, actor)


def _status(conn: Connection, batch_id: int) -> BatchStatus:
    b = commission_payout_batches.c
    status = conn.execute(select(b.status).where(b.id == batch_id)).scalar()
    if status is None:
        raise CommissionNotFound(f"no payout batch {batch_id}")
    return BatchStatus(status)


def _batch(conn: Connection, batch_id: int) -> PayoutBatch:
    b, i = commission_payout_batches.c, commission_payout_items.c
    row = conn.execute(select(b.id, b.status, b.through, b.pay_on, b.created_by).where(b.id == batch_id)).one()
    items = conn.execute(
        select(i.partner_id, i.currency, i.amount_minor).where(i.batch_id == batch_id).order_by(i.partner_id)
    )
    found = tuple(PayoutItem(p, Money.from_minor(m, c)) for p, c, m in items)
    return PayoutBatch(row.id, BatchStatus(row.status), row.through, row.pay_on, row.created_by, found)


def list_batches(engine: Engine, partner_id: int | None = None) -> list[PayoutBatch]:
    """Every batch, newest first (a partner's view holds only its own items)."""
    with engine.connect() as conn:
        ids = conn.execute(
            select(commission_payout_batches.c.id).order_by(commission_payout_batches.c.id.desc())
        ).scalars().all()
        batches = [_batch(conn, batch_id) for batch_id in ids]
    if partner_id is None:
        return batches
    return [PayoutBatch(b.id, b.status, b.through, b.pay_on, b.created_by,
                        tuple(i for i in b.items if i.partner_id == partner_id)) for b in batches]
