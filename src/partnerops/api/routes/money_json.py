"""Money in API answers: a Decimal amount with its ISO currency, never a float."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from partnerops.domain.money import Money


class MoneyOut(BaseModel):
    amount: Decimal
    currency: str


def money_out(value: Money) -> MoneyOut:
    return MoneyOut(amount=value.amount, currency=value.currency)


def monies_out(values: dict[str, Money]) -> list[MoneyOut]:
    """One amount per currency, ordered by currency code."""
    return [money_out(values[c]) for c in sorted(values)]
