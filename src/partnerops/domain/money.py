"""Money as Decimal with an ISO 4217 currency, stored as integer minor units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache


class UnknownCurrency(ValueError):
    """A currency code that is not an ISO 4217 code."""


@cache
def known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies  # Babel's locale data: loaded when a currency is first checked

    return frozenset(list_currencies())


@cache
def minor_digits(currency: str) -> int:
    """Decimal places of a currency's minor unit (USD 2, JPY 0, BHD 3)."""
    from babel.numbers import get_currency_precision

    if currency not in known_currencies():
        raise UnknownCurrency(currency)
    return int(get_currency_precision(currency))


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in known_currencies():
            raise UnknownCurrency(self.currency)
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal, never a float")

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-minor_digits(currency)), currency)

    @property
    def minor(self) -> int:
        """The amount in minor units; raises if it has more precision than the currency allows."""
        scaled = self.amount.scaleb(minor_digits(self.currency))
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{self.amount} has more decimals than {self.currency} allows")
        return int(scaled)

    def convert(self, rate: Decimal, currency: str) -> Money:
        """This amount in another currency at `rate` (units of `currency` per unit of ours)."""
        quantum = Decimal(1).scaleb(-minor_digits(currency))
        return Money((self.amount * rate).quantize(quantum, rounding=ROUND_HALF_EVEN), currency)

    def __str__(self) -> str:
        return f"{self.amount:,.{minor_digits(self.currency)}f} {self.currency}"
