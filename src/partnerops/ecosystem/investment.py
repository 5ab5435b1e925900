"""Revenue in the window and the return on partner investment.

Revenue: a customer's ARR at each month point after the window's start ÷ 12, summed. A partner is credited an
equal share of the revenue of each customer whose first won deal it is attributed on (the deal's partners split
it evenly). ROPI = attributed revenue × margin ÷ program cost (commissions paid + MDF spent + other costs), and
payback = program cost ÷ (attributed revenue × margin per month of the window), in months.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from partnerops.domain.money import Money
from partnerops.ecosystem.model import Explanation, ProgramCost
from partnerops.ecosystem.retention import RATIO

MONTHS = Decimal("0.1")


def window_revenue(shares: list[tuple[int, int]], customers: int, currency: str,
                   split: bool) -> tuple[Money, Explanation]:  # fmt: skip
    """`shares`: (Σ ARR at the month points of the customers shared by k partners, k); k is 1 outside partner
    groups. Exact until the one rounding (half-even) to the minor unit."""
    exact = sum((Fraction(arr, k * 12) for arr, k in shares), Fraction(0))
    minor = int((Decimal(exact.numerator) / Decimal(exact.denominator)).to_integral_value(ROUND_HALF_EVEN))
    revenue = Money.from_minor(minor, currency)
    how = "each customer's ARR at each month point after the start ÷ 12"
    if split:
        how += ", split evenly among the partners attributed on its first won deal"
    return revenue, Explanation("revenue", how, (("customers", str(customers)),), str(revenue))


def return_on_investment(revenue: Money, cost: ProgramCost, margin: Decimal,
                         months: int) -> tuple[Decimal | None, Decimal | None, tuple[Explanation, ...]]:  # fmt: skip
    """(ROPI, payback in months, their explanations)."""
    earned, spent = revenue.amount * margin, cost.total.amount
    ropi = None if spent == 0 else (earned / spent).quantize(RATIO)
    payback = None if earned == 0 else (spent / (earned / months)).quantize(MONTHS)
    inputs = (("attributed revenue", str(revenue)), ("margin", str(margin)),
              ("commissions paid", str(cost.commissions)), ("MDF spent", str(cost.mdf)),
              ("other program costs", str(cost.other)))  # fmt: skip
    return ropi, payback, (
        Explanation("ropi", "attributed revenue × margin ÷ (commissions paid + MDF spent + other program costs)",
                    inputs, "not computed: no program cost in the window" if ropi is None else str(ropi)),
        Explanation("payback_months", f"program cost ÷ (attributed revenue × margin ÷ {months} months)", inputs,
                    "not computed: no attributed revenue" if payback is None else f"{payback} months"),
    )
