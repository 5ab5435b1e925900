"""What an amount typed by a person must be before it becomes Money: a finite number, of the sign its use
allows, with no more decimals than its currency has, small enough that its minor units fit a 64-bit column."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from partnerops.domain.input_errors import InvalidValue
from partnerops.domain.money import Money, UnknownCurrency, minor_digits

__all__ = ["MAX_MINOR", "Sign", "checked_money"]

# Amounts are stored as integer minor units in BIGINT columns.
MAX_MINOR = 2**63 - 1


class Sign(StrEnum):
    POSITIVE = "positive"  # a budget, a claim, a deal's estimate
    NONZERO = "nonzero"  # an adjustment: either way, but it must move something


def checked_money(amount: Decimal, currency: str, field: str, sign: Sign = Sign.POSITIVE) -> Money:
    """`amount` in `currency` as Money, or InvalidValue naming `field` and saying what is wrong."""
    if not amount.is_finite():
        raise InvalidValue(field, str(amount), "is not a number")
    _check_sign(amount, field, sign)
    try:
        digits = minor_digits(currency)
    except UnknownCurrency as exc:
        raise InvalidValue("currency", currency, "is not an ISO 4217 currency") from exc
    largest = Money.from_minor(MAX_MINOR, currency).amount
    if abs(amount) > largest:
        raise InvalidValue(field, str(amount), f"is too large: at most {largest:,} {currency}")
    if _decimal_places(amount) > digits:
        raise InvalidValue(field, str(amount), f"has more decimals than {currency} allows ({digits})")
    return Money(amount, currency)


def _decimal_places(amount: Decimal) -> int:
    """Places after the point, trailing zeros aside ("1.50" has 1), read exactly (no rounding context)."""
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int), "finite amounts only"
    kept = len(digits)
    while kept > 1 and digits[kept - 1] == 0:
        kept -= 1
    return max(0, -(exponent + len(digits) - kept))


def _check_sign(amount: Decimal, field: str, sign: Sign) -> None:
    if sign is Sign.POSITIVE and amount <= 0:
        raise InvalidValue(field, str(amount), "must be more than zero")
    if sign is Sign.NONZERO and amount == 0:
        raise InvalidValue(field, str(amount), "must not be zero")
