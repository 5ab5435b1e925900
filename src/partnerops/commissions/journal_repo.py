"""Posting journal entries (idempotently, by key) and reading balances back from the ledger tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection, func, insert, select

from partnerops.commissions.ledger import Account, EntryKind, JournalEntry, UnbalancedEntry, imbalance
from partnerops.domain.money import Money
from partnerops.store.audit import record_field_changes
from partnerops.store.commission_tables import commission_entries, commission_entry_lines

__all__ = ["account_balances", "account_balances_by_partner", "audit", "entry_totals", "post_entry"]


def post_entry(conn: Connection, entry: JournalEntry) -> tuple[int, bool]:
    """The entry's id, and whether it was new: an entry whose key is already posted is not posted again."""
    existing = conn.execute(select(commission_entries.c.id).where(commission_entries.c.key == entry.key)).scalar()
    if existing is not None:
        return int(existing), False
    off = imbalance(entry.lines)
    if off:
        raise UnbalancedEntry(f"entry {entry.key} does not balance: {off}")
    entry_id = conn.execute(
        insert(commission_entries).values(
            key=entry.key, kind=entry.kind.value, partner_id=entry.partner_id, opportunity_id=entry.opportunity_id,
            credit_id=entry.credit_id, booked_on=entry.booked_on, memo=entry.memo, reason=entry.reason,
            actor=entry.actor, created_at=datetime.now(UTC),
        ).returning(commission_entries.c.id)
    ).scalar_one()  # fmt: skip
    conn.execute(insert(commission_entry_lines), [
        {"entry_id": entry_id, "account": line.account.value, "partner_id": entry.partner_id,
         "currency": line.amount.currency, "amount_minor": line.amount.minor}
        for line in entry.lines
    ])  # fmt: skip
    return int(entry_id), True


def account_balances(conn: Connection, partner_id: int | None = None, through: date | None = None
                     ) -> dict[tuple[Account, str], Money]:
    """Per (account, currency): the sum of the lines (debits positive), for one partner or all."""
    lines, entries = commission_entry_lines.c, commission_entries.c
    query = (
        select(lines.account, lines.currency, func.sum(lines.amount_minor))
        .join(commission_entries, entries.id == lines.entry_id)
        .group_by(lines.account, lines.currency)
    )
    if partner_id is not None:
        query = query.where(lines.partner_id == partner_id)
    if through is not None:
        query = query.where(entries.booked_on <= through)
    return {(Account(a), c): Money.from_minor(int(total), c) for a, c, total in conn.execute(query)}


def entry_totals(conn: Connection, partner_id: int, kinds: tuple[EntryKind, ...], account: Account,
                 through: date | None = None) -> dict[str, Money]:
    """Per currency, the sum of `account`'s lines of the partner's entries of `kinds`."""
    lines, entries = commission_entry_lines.c, commission_entries.c
    query = (
        select(lines.currency, func.sum(lines.amount_minor))
        .join(commission_entries, entries.id == lines.entry_id)
        .where(lines.partner_id == partner_id, lines.account == account.value,
               entries.kind.in_([k.value for k in kinds]))
        .group_by(lines.currency)
    )
    if through is not None:
        query = query.where(entries.booked_on <= through)
    return {currency: Money.from_minor(int(total), currency) for currency, total in conn.execute(query)}


def audit(conn: Connection, entity: str, entity_id: int, field: str, old: str | None, new: str | None,
          actor: str, reason: str | None = None) -> None:
    """One audit-log row for a commission record's change (who, when, from what to what, why)."""
    record_field_changes(conn, entity, entity_id, {field: (old, new)}, actor, datetime.now(UTC), reason)


def account_balances_by_partner(conn: Connection, through: date, account: Account = Account.PAYABLE
                                ) -> dict[tuple[int, str], Money]:
    """Per (partner, currency): the balance of `account` on entries booked on or before `through`."""
    lines, entries = commission_entry_lines.c, commission_entries.c
    query = (
        select(lines.partner_id, lines.currency, func.sum(lines.amount_minor))
        .join(commission_entries, entries.id == lines.entry_id)
        .where(lines.account == account.value, entries.booked_on <= through)
        .group_by(lines.partner_id, lines.currency)
    )
    return {(p, c): Money.from_minor(int(total), c) for p, c, total in conn.execute(query)}
