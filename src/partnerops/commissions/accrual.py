"""Accruing commissions on close-won deals: price each paid partner's share under the plan in force on the
close date, store every credit (paid or tracked), and post one accrual entry per paid credit, once.

Deals are priced in close-date order because year-to-date revenue moves the rate; credits already accrued
are never priced again, so re-running changes nothing. An accrued credit the latest attribution no longer pays
is withdrawn first (see `withdrawals`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby

from sqlalchemy import Connection, Engine

from partnerops.commissions.accrual_audit import AccrualReport, audit_run
from partnerops.commissions.clawbacks import apply_events
from partnerops.commissions.conversion import RateBook
from partnerops.commissions.credit_repo import save_credit, stored_credits, year_to_date
from partnerops.commissions.credits import (
    ACCRUED,
    DealPartner,
    PricedCredit,
    YearToDate,
    first_year_revenue,
    price_credit,
    split_evenly,
    tracked_credit,
    unpaid_reason,
)
from partnerops.commissions.deals import won_deal_partners
from partnerops.commissions.errors import NoPlan
from partnerops.commissions.journal_repo import post_entry
from partnerops.commissions.ledger import EntryKind, JournalEntry, entry_lines
from partnerops.commissions.plan import CommissionPlan, plan_in_force
from partnerops.commissions.plan_repo import stored_plans
from partnerops.commissions.withdrawals import accrual_key, withdraw_unearned
from partnerops.store.locks import lock_name

__all__ = ["AccrualReport", "accrue"]


ACCRUAL_LOCK = "commission_accrual"


def accrue(engine: Engine, as_of: date, actor: str) -> AccrualReport:
    """Accrue every won deal closed on or before `as_of`, then apply refunds and churn up to that day. The run
    is in the audit log (who, when, through which day, its counts), in the same transaction as its entries."""
    with engine.begin() as conn:
        # One run at a time: a second waits and then finds every credit of the first already accrued.
        lock_name(conn, ACCRUAL_LOCK)
        plans = stored_plans(conn)
        if not plans:
            raise NoPlan("no commission plan is loaded: run `partnerops commissions plan load PLAN.yaml` first")
        deals = won_deal_partners(conn, as_of)
        withdrawn = withdraw_unearned(conn, plans, deals, as_of, actor)
        counts = _accrue_deals(conn, plans, deals, as_of, actor)
        reversals = apply_events(conn, plans, as_of, actor)
        report = AccrualReport(as_of, counts[0], counts[1], counts[2], reversals, withdrawn)
        audit_run(conn, report, actor)
    return report


def _accrue_deals(conn: Connection, plans: list[CommissionPlan], deals: list[DealPartner], as_of: date,
                  actor: str) -> tuple[int, int, int]:
    stored = stored_credits(conn)
    ytd, book = year_to_date(conn), RateBook(conn)
    accrued = tracked = 0
    unchanged = sum(stored.get((d.opportunity_id, d.partner_id), (0, ""))[1] == ACCRUED for d in deals)
    for credit in _priced(deals, plans, ytd, book, stored):
        key = (credit.deal.opportunity_id, credit.deal.partner_id)
        before = stored.get(key)
        if before is not None and before[1:] == (credit.status, credit.plan_version, credit.reason):
            unchanged += 1
            continue
        credit_id = save_credit(conn, credit, before[0] if before else None)
        if credit.status == ACCRUED:
            post_entry(conn, _accrual_entry(credit, credit_id, accrual_key(conn, *key, credit_id), actor))
            accrued += 1
        else:
            tracked += 1
    return accrued, tracked, unchanged


def _priced(deals: list[DealPartner], plans: list[CommissionPlan], ytd: YearToDate, book: RateBook,
            stored: dict[tuple[int, int], tuple[int, str, str | None, str]]) -> Iterator[PricedCredit]:
    """Every deal's credits; a credit already accrued is passed over (its revenue is in `ytd` already)."""
    for _, group in groupby(deals, key=lambda deal: deal.opportunity_id):
        partners = list(group)
        yield from _deal_credits(partners, plan_in_force(plans, partners[0].closed_on), ytd, book, stored)


def _deal_credits(partners: list[DealPartner], plan: CommissionPlan | None, ytd: YearToDate, book: RateBook,
                  stored: dict[tuple[int, int], tuple[int, str, str | None, str]]) -> Iterator[PricedCredit]:
    if plan is None:
        for deal in partners:
            yield tracked_credit(deal, None, f"no commission plan was in force on {deal.closed_on}")
        return
    reasons = {deal.partner_id: unpaid_reason(deal.tier, deal.confirmed_types, plan.tiers) for deal in partners}
    paid = [deal for deal in partners if reasons[deal.partner_id] is None]
    first = partners[0]
    line = plan.product_line(first.deal_name, first.lead_source)
    shares = split_evenly(first_year_revenue(first.amount, line), len(paid)) if paid else []
    share_of = {deal.partner_id: share for deal, share in zip(paid, shares, strict=True)}
    for deal in partners:
        if stored.get((deal.opportunity_id, deal.partner_id), (0, ""))[1] == ACCRUED:
            continue
        reason = reasons[deal.partner_id]
        if reason is not None:
            yield tracked_credit(deal, plan.version, reason)
            continue
        rate = book.rate(deal.amount.currency, plan.currency, deal.closed_on)
        yield price_credit(plan, deal, share_of[deal.partner_id], rate, ytd)


def _accrual_entry(credit: PricedCredit, credit_id: int, key: str, actor: str) -> JournalEntry:
    deal = credit.deal
    assert credit.commission is not None
    return JournalEntry(
        key=key, kind=EntryKind.ACCRUAL, partner_id=deal.partner_id,
        booked_on=deal.closed_on, memo=f"{deal.deal_name}: {credit.reason}", actor=actor,
        lines=entry_lines(EntryKind.ACCRUAL, credit.commission), opportunity_id=deal.opportunity_id,
        credit_id=credit_id,
    )  # fmt: skip
