"""Commission on one deal's revenue: the rate bands over year-to-date revenue (marginal or cliff) and the caps.

All amounts are Decimals in the plan's currency; rounding to the currency's minor unit happens once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from partnerops.commissions.plan import Band, CapRules, RateMethod

__all__ = ["BandedCommission", "banded_commission", "capped_commission", "rate_at"]


@dataclass(frozen=True)
class BandedCommission:
    amount: Decimal
    # What capped the amount, if anything ("per-deal cap 5000"), for the statement line.
    capped_by: str | None = None


def rate_at(bands: tuple[Band, ...], revenue: Decimal) -> Decimal:
    """The rate of the band `revenue` reaches: a band applies from its threshold on (at 50,000 the 50,000 band)."""
    return max((band for band in bands if band.from_revenue <= revenue), key=lambda band: band.from_revenue).rate


def banded_commission(bands: tuple[Band, ...], method: RateMethod, ytd: Decimal, revenue: Decimal) -> Decimal:
    """Commission on `revenue` for a partner that already brought `ytd` this year."""
    if method is RateMethod.CLIFF:
        return revenue * rate_at(bands, ytd + revenue)
    return sum((_slice(band, upper, ytd, revenue) for band, upper in _with_uppers(bands)), Decimal(0))


def _with_uppers(bands: tuple[Band, ...]) -> list[tuple[Band, Decimal | None]]:
    uppers: list[Decimal | None] = [band.from_revenue for band in bands[1:]]
    return list(zip(bands, [*uppers, None], strict=True))


def _slice(band: Band, upper: Decimal | None, ytd: Decimal, revenue: Decimal) -> Decimal:
    """The rate of `band` on the part of [ytd, ytd + revenue) that lies in [band.from_revenue, upper)."""
    start = max(ytd, band.from_revenue)
    end = ytd + revenue if upper is None else min(ytd + revenue, upper)
    return max(end - start, Decimal(0)) * band.rate


def capped_commission(amount: Decimal, caps: CapRules, paid_this_year: Decimal) -> BandedCommission:
    """`amount` limited by the per-deal cap and by what is left of the partner's yearly cap."""
    if caps.per_deal is not None and amount > caps.per_deal:
        amount, capped_by = caps.per_deal, f"per-deal cap {caps.per_deal}"
    else:
        capped_by = None
    if caps.per_partner_year is not None:
        room = max(caps.per_partner_year - paid_this_year, Decimal(0))
        if amount > room:
            amount, capped_by = room, f"yearly cap {caps.per_partner_year}"
    return BandedCommission(amount, capped_by)
