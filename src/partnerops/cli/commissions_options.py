"""What the commission commands share: the errors they report, the --as-of day and amounts as typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from partnerops.domain.money import Money

AsOf = Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="The day to act as of (default: today).")]
PartnerRef = Annotated[str, typer.Argument(metavar="PARTNER", help="The partner's id, SYSTEM:ID or exact name.")]


def expected_errors() -> tuple[type[Exception], ...]:
    """The errors a commission command reports as one line and exit status 2."""
    from partnerops.analytics.rate_paths import MissingRate
    from partnerops.commissions.errors import CommissionError
    from partnerops.commissions.periods import InvalidPeriod
    from partnerops.domain.money import UnknownCurrency
    from partnerops.store.attribution_runs import NoAttributionRun

    return CommissionError, InvalidPeriod, MissingRate, NoAttributionRun, UnknownCurrency, ValueError


def parse_money(amount: str, currency: str) -> Money:
    """An amount as typed, plain digits only: a ledger line never guesses at a separator."""
    from partnerops.domain.money import Money, UnknownCurrency  # Babel's currency tables load with it

    try:
        return Money(Decimal(amount), currency.upper())
    except InvalidOperation as exc:
        raise ValueError(f"{amount!r} is not an amount (write e.g. 250.00 or -75.50)") from exc
    except UnknownCurrency as exc:
        raise ValueError(f"{currency!r} is not a currency code (ISO 4217, such as USD or EUR)") from exc
