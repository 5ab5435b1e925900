"""What one partner earns on one won deal under a plan: paid or only tracked, and how much. No I/O.

A deal's first-year revenue is split evenly among the partners the plan pays on it, so one deal never pays
out more than the plan's rate on its amount however many partners worked it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from partnerops.commissions.plan import CommissionPlan, ProductLine, TierRules
from partnerops.commissions.rates import banded_commission, capped_commission
from partnerops.domain.enums import Tier
from partnerops.domain.money import Money, minor_digits

__all__ = ["DealPartner", "PricedCredit", "YearToDate", "first_year_revenue", "price_credit", "split_evenly",
           "tracked_credit", "unpaid_reason"]  # fmt: skip

ACCRUED, TRACKED = "accrued", "tracked"


@dataclass(frozen=True)
class DealPartner:
    """One partner's attribution on one won deal, with what the plan needs to price it."""

    opportunity_id: int
    partner_id: int
    tier: Tier
    # The types of the partner's confirmed touches dated between the deal's creation and its close.
    confirmed_types: frozenset[str]
    deal_name: str
    lead_source: str | None
    amount: Money
    closed_on: date


@dataclass(frozen=True)
class PricedCredit:
    deal: DealPartner
    plan_version: str | None
    status: str
    reason: str
    product_line: str | None = None
    revenue: Money | None = None
    revenue_plan: Money | None = None
    commission_plan: Money | None = None
    commission: Money | None = None
    conversion_rate: Decimal | None = None
    rate: Decimal | None = None


@dataclass
class YearToDate:
    """Per (partner, year, plan currency): partner revenue and commission booked so far."""

    revenue: dict[tuple[int, int, str], Decimal] = field(default_factory=dict)
    commission: dict[tuple[int, int, str], Decimal] = field(default_factory=dict)

    def add(self, key: tuple[int, int, str], revenue: Decimal, commission: Decimal) -> None:
        self.revenue[key] = self.revenue.get(key, Decimal(0)) + revenue
        self.commission[key] = self.commission.get(key, Decimal(0)) + commission


def unpaid_reason(tier: Tier, confirmed_types: frozenset[str], rules: TierRules) -> str | None:
    """Why the plan does not pay this tier (None when it pays)."""
    actively_involved = bool(confirmed_types & {t.value for t in rules.active_touch_types})
    if tier is Tier.SOURCED:
        return None if rules.sourced else "sourced deals are not paid under this plan"
    if tier is Tier.CO_SELL:
        if not rules.co_sell:
            return "co-sell deals are not paid under this plan"
        if not actively_involved:
            types = ", ".join(t.value for t in rules.active_touch_types)
            return f"co-sell without active involvement (no confirmed {types} touch between creation and close)"
        return None
    return "influence is tracked, not paid"


def split_evenly(amount: Money, parts: int) -> list[Money]:
    """`amount` in `parts` shares that differ by at most one minor unit and sum to it exactly."""
    whole, rest = divmod(amount.minor, parts)
    return [Money.from_minor(whole + (1 if i < rest else 0), amount.currency) for i in range(parts)]


def first_year_revenue(amount: Money, line: ProductLine) -> Money:
    """The first twelve months' share of an amount that covers `line.term_months`."""
    months = Decimal(min(12, line.term_months)) / Decimal(line.term_months)
    return _rounded(amount.amount * months, amount.currency)


def _rounded(value: Decimal, currency: str) -> Money:
    quantum = Decimal(1).scaleb(-minor_digits(currency))
    return Money(value.quantize(quantum, rounding=ROUND_HALF_EVEN), currency)


def price_credit(
    plan: CommissionPlan, deal: DealPartner, share: Money, conversion_rate: Decimal, ytd: YearToDate
) -> PricedCredit:
    """Commission on `share` (this partner's part of the first-year revenue, deal currency); books it in `ytd`."""
    line = plan.product_line(deal.deal_name, deal.lead_source)
    revenue_plan = share.convert(conversion_rate, plan.currency)
    key = (deal.partner_id, deal.closed_on.year, plan.currency)
    banded = banded_commission(plan.bands, plan.method, ytd.revenue.get(key, Decimal(0)), revenue_plan.amount)
    capped = capped_commission(banded * line.rate_multiplier, plan.caps, ytd.commission.get(key, Decimal(0)))
    commission_plan = _rounded(capped.amount, plan.currency)
    rate = commission_plan.amount / revenue_plan.amount if revenue_plan.amount else Decimal(0)
    ytd.add(key, revenue_plan.amount, commission_plan.amount)
    reason = f"{deal.tier.value} deal, {line.name} line, {plan.method.value} rate {rate:.4%}"
    return PricedCredit(
        deal, plan.version, ACCRUED, reason + (f"; {capped.capped_by}" if capped.capped_by else ""), line.name,
        share, revenue_plan, commission_plan, _rounded(share.amount * rate, share.currency), conversion_rate, rate,
    )  # fmt: skip


def tracked_credit(deal: DealPartner, plan_version: str | None, reason: str) -> PricedCredit:
    return PricedCredit(deal, plan_version, TRACKED, reason)
