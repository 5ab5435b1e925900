"""A partner's referral pipeline: clicks on its link -> leads -> deals -> won.

A lead is a click whose code came back on a deal registration (in its notes) or on a deal (in its lead source,
as the referral site hands it to the CRM); a deal is a live opportunity carrying one of the partner's click codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from partnerops.analytics.live import live_opportunity
from partnerops.domain.money import Money
from partnerops.referrals.clicks import CODE_PATTERN
from partnerops.store.portal_tables import referral_clicks
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import opportunities

__all__ = ["ReferredDeal", "ReferralPipeline", "referral_pipeline"]

# The code's fixed start, for a LIKE that lets the database skip every record without a code.
_MARK = "%rc-%"


@dataclass(frozen=True)
class ReferredDeal:
    external_id: str
    name: str
    outcome: str
    amount: Money | None
    clicked_on: date


@dataclass(frozen=True)
class ReferralPipeline:
    clicks: int
    leads: int
    deals: tuple[ReferredDeal, ...]
    last_click: datetime | None

    @property
    def won(self) -> tuple[ReferredDeal, ...]:
        return tuple(deal for deal in self.deals if deal.outcome == "won")

    def won_amounts(self) -> dict[str, Money]:
        """The won deals' amounts per currency (deals without an amount are counted, not summed)."""
        totals: dict[str, Money] = {}
        for deal in self.won:
            if deal.amount is not None:
                before = totals.get(deal.amount.currency, Money.from_minor(0, deal.amount.currency))
                totals[deal.amount.currency] = Money(before.amount + deal.amount.amount, deal.amount.currency)
        return totals


def referral_pipeline(conn: Connection, partner_id: int) -> ReferralPipeline:
    c = referral_clicks.c
    count, last = conn.execute(select(func.count(), func.max(c.clicked_at)).where(c.partner_id == partner_id)).one()
    if not count:
        return ReferralPipeline(0, 0, (), None)
    clicked = _clicked_on(conn, partner_id)
    deals, deal_codes = _referred_deals(conn, clicked)
    leads = deal_codes | _registered_codes(conn, partner_id, clicked)
    return ReferralPipeline(int(count), len(leads), deals, last)


def _clicked_on(conn: Connection, partner_id: int) -> dict[str, date]:
    c = referral_clicks.c
    rows = conn.execute(select(c.code, c.clicked_at).where(c.partner_id == partner_id))
    return {code: clicked_at.date() for code, clicked_at in rows}


def _codes_in(text: str | None, clicked: dict[str, date]) -> list[str]:
    return [code for code in CODE_PATTERN.findall(text or "") if code in clicked]


def _referred_deals(conn: Connection, clicked: dict[str, date]) -> tuple[tuple[ReferredDeal, ...], set[str]]:
    o = opportunities.c
    rows = conn.execute(
        select(o.external_id, o.name, o.outcome, o.amount_minor, o.currency, o.lead_source)
        .where(o.lead_source.like(_MARK), live_opportunity()).order_by(o.created_on.desc(), o.external_id)
    )  # fmt: skip
    deals, codes = [], set()
    for row in rows:
        found = _codes_in(row.lead_source, clicked)
        if found:
            codes.update(found)
            amount = None if row.amount_minor is None else Money.from_minor(row.amount_minor, row.currency)
            deals.append(ReferredDeal(row.external_id, row.name, row.outcome, amount, clicked[found[0]]))
    return tuple(deals), codes


def _registered_codes(conn: Connection, partner_id: int, clicked: dict[str, date]) -> set[str]:
    r = registrations.c
    notes = conn.execute(select(r.notes).where(r.partner_id == partner_id, r.notes.like(_MARK))).scalars()
    return {code for text in notes for code in _codes_in(text, clicked)}
