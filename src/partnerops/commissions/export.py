"""The journal for accounting: one CSV row per ledger line, debit and credit in separate columns."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import Connection, select

from partnerops.domain.money import Money
from partnerops.domain.spreadsheet import safe_writer
from partnerops.store.commission_tables import commission_entries, commission_entry_lines
from partnerops.store.tables import partners

__all__ = ["JOURNAL_COLUMNS", "journal_csv"]

JOURNAL_COLUMNS = ("entry", "key", "booked_on", "kind", "partner_id", "partner", "account", "currency", "debit",
                   "credit", "memo", "reason", "actor")  # fmt: skip


def journal_csv(conn: Connection, start: date | None = None, end: date | None = None) -> str:
    """Every line of the entries booked between `start` and `end` (inclusive; open ends mean all)."""
    e, lines, p = commission_entries.c, commission_entry_lines.c, partners.c
    query = (
        select(e.id, e.key, e.booked_on, e.kind, p.external_id, p.name, lines.account, lines.currency,
               lines.amount_minor, e.memo, e.reason, e.actor)
        .join(commission_entry_lines, lines.entry_id == e.id)
        .join(partners, p.id == e.partner_id)
        .order_by(e.booked_on, e.id, lines.id)
    )  # fmt: skip
    if start is not None:
        query = query.where(e.booked_on >= start)
    if end is not None:
        query = query.where(e.booked_on <= end)
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(JOURNAL_COLUMNS)
    for row in conn.execute(query):
        amount = Money.from_minor(abs(row.amount_minor), row.currency).amount
        debit, credit = (amount, "") if row.amount_minor >= 0 else ("", amount)
        writer.writerow([row.id, row.key, row.booked_on.isoformat(), row.kind, row.external_id, row.name,
                         row.account, row.currency, debit, credit, row.memo, row.reason or "", row.actor])
    return out.getvalue()
