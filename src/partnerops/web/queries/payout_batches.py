"""Payout batches as a list: each batch with the number of partners it pays (distinct partners, not partner and
currency items) and, for the rows shown, its total per currency."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, func, select

from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from partnerops.web.listing import Column, Filter, ListSpec

PAYOUT_BATCHES = ListSpec(
    noun="payout batches",
    columns=(Column("id", "Batch"), Column("status", "Status"), Column("through", "Through"),
             Column("pay_on", "Pay on"), Column("partners", "Partners")),
    default_sort="-id",
    filters=(Filter("status", "Status", ("draft", "approved", "paid")),),
    exported=(Column("id", "Batch"), Column("status", "Status"), Column("through", "Through"),
              Column("pay_on", "Pay on"), Column("partners", "Partners"), Column("items", "Items"),
              Column("created_by", "Created by"), Column("approved_by", "Approved by"), Column("paid_by", "Paid by")),
)  # fmt: skip


def batch_list() -> Select[Any]:
    """Every payout batch with its distinct partners and its items (one per partner and currency)."""
    b, i = commission_payout_batches.c, commission_payout_items.c
    partners = select(func.count(func.distinct(i.partner_id))).where(i.batch_id == b.id).scalar_subquery()
    items = select(func.count()).where(i.batch_id == b.id).scalar_subquery()
    return select(b.id, b.status, b.through, b.pay_on, b.created_by, b.approved_by, b.paid_by,
                  partners.label("partners"), items.label("items"))  # fmt: skip


def batch_totals(conn: Connection, batch_ids: Iterable[int]) -> dict[int, list[Money]]:
    """Each batch's total per currency (currencies in alphabetical order)."""
    i = commission_payout_items.c
    query = (select(i.batch_id, i.currency, func.sum(i.amount_minor)).where(i.batch_id.in_(list(batch_ids)))
             .group_by(i.batch_id, i.currency).order_by(i.batch_id, i.currency))  # fmt: skip
    found: dict[int, list[Money]] = {}
    for batch_id, currency, minor in conn.execute(query):
        found.setdefault(int(batch_id), []).append(Money.from_minor(int(minor), str(currency)))
    return found
