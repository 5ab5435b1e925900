"""Why a commission line is what it is, in words a partner reads: tier, share, band, product line, conversion and
cap of an accrual ("capped: the yearly cap of 150,000 USD was reached on 2026-09-14"), and what a reversal,
clawback or adjustment took back or added. No I/O: `credit_facts` gathers the facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partnerops.commissions.ledger import EntryKind
from partnerops.commissions.plan import Band, CommissionPlan, ProductLine, RateMethod
from partnerops.domain.money import Money

__all__ = ["CreditFacts", "explain_accrual", "explain_entry", "plain_amount"]


@dataclass(frozen=True)
class CreditFacts:
    """One accrued credit as priced, with what came before it in the partner's plan year."""

    tier: str
    deal_amount: Money
    share: Money
    paid_partners: int
    product_line: str | None
    revenue_plan: Money
    commission_plan: Money
    conversion_rate: Decimal | None
    closed_on: date
    rate: Decimal
    # Partner revenue and commission in the plan currency booked earlier in the same year.
    revenue_before: Decimal
    commission_before: Decimal
    # The day the partner's commission this year reached the yearly cap (None: not reached).
    cap_reached_on: date | None


def plain_amount(value: Decimal, currency: str) -> str:
    """'150,000 USD' for a whole amount, '1,234.50 USD' otherwise."""
    return f"{value:,.0f} {currency}" if value == value.to_integral_value() else f"{value:,.2f} {currency}"


def explain_entry(kind: EntryKind, reason: str | None, memo: str) -> str:
    """The words for a line that is not an accrual."""
    because = reason or memo
    if kind is EntryKind.REVERSAL:
        return f"reversal: {because}; taken back before it was paid out"
    if kind is EntryKind.CLAWBACK:
        return f"clawback: {because}; taken back from commission already paid out"
    if kind is EntryKind.ADJUSTMENT:
        return f"adjustment: {because}"
    return because


def explain_accrual(facts: CreditFacts, plan: CommissionPlan | None) -> list[str]:
    """One phrase per rule that shaped the amount, in the order the plan applies them."""
    phrases = [_tier(facts.tier), *_share(facts, plan)]
    if plan is not None:
        phrases.append(_bands(plan, facts))
        phrases.extend(_line(plan, facts.product_line))
    if facts.conversion_rate is not None and facts.share.currency != facts.revenue_plan.currency:
        phrases.append(f"converted at 1 {facts.share.currency} = {facts.conversion_rate.normalize():f} "
                       f"{facts.revenue_plan.currency}, the rate valid on the close date {facts.closed_on}")
    phrases.append(f"{facts.rate:.2%} effective: {facts.commission_plan}")
    if plan is not None:
        phrases.extend(_caps(plan, facts))
    return phrases


def _tier(tier: str) -> str:
    if tier == "sourced":
        return "sourced: you originated the deal"
    return "co-sell: you were actively involved between the deal's creation and its close"


def _share(facts: CreditFacts, plan: CommissionPlan | None) -> list[str]:
    phrases = []
    if plan is not None:
        line = plan.product_line("", None) if facts.product_line is None else _named_line(plan, facts.product_line)
        if line is not None and line.term_months > 12:
            phrases.append(f"first-year revenue: 12 of the {line.term_months} months the deal's "
                           f"{facts.deal_amount} covers")
    if facts.paid_partners > 1:
        kind = "co-sell share" if facts.tier == "co_sell" else "shared"
        phrases.append(f"{kind}: the first-year revenue is split evenly among {facts.paid_partners} paid "
                       f"partners, yours is {facts.share}")
    return phrases


def _named_line(plan: CommissionPlan, name: str) -> ProductLine | None:
    lines = [*plan.product_lines, plan.default_product_line]
    return next((line for line in lines if line.name == name), None)


def _line(plan: CommissionPlan, name: str | None) -> list[str]:
    line = None if name is None else _named_line(plan, name)
    if line is None or line.rate_multiplier == 1:
        return []
    return [f"{line.name} product line pays {line.rate_multiplier.normalize():f}× the rate"]


def _bands(plan: CommissionPlan, facts: CreditFacts) -> str:
    currency = plan.currency
    steps = ", ".join(_band(band, following, currency) for band, following in zip(
        plan.bands, [*plan.bands[1:], None], strict=True))  # fmt: skip
    before = plain_amount(facts.revenue_before, currency)
    if plan.method is RateMethod.CLIFF:
        return (f"band: {steps}; the whole deal earns the rate of the band this year's partner revenue reaches "
                f"with it ({before} before this deal)")
    return f"band: {steps} of this year's partner revenue; you had brought {before} before this deal"


def _band(band: Band, following: Band | None, currency: str) -> str:
    if following is None:
        start = plain_amount(band.from_revenue, currency)
        return f"{band.rate:.0%} above {start}" if band.from_revenue else f"{band.rate:.0%}"
    return f"{band.rate:.0%} up to {plain_amount(following.from_revenue, currency)}"


def _caps(plan: CommissionPlan, facts: CreditFacts) -> list[str]:
    caps, currency = plan.caps, plan.currency
    if caps.per_partner_year is not None and facts.cap_reached_on is not None and (
        facts.commission_before + facts.commission_plan.amount >= caps.per_partner_year
    ):
        return [f"capped: the yearly cap of {plain_amount(caps.per_partner_year, currency)} was reached on "
                f"{facts.cap_reached_on}"]
    if caps.per_deal is not None and facts.commission_plan.amount >= caps.per_deal:
        return [f"capped: the per-deal cap of {plain_amount(caps.per_deal, currency)}"]
    return []
