"""Retention and lifetime value of a group's customers that paid at the window's start (its cohort).

NRR = their ARR at the end ÷ their ARR at the start (expansion counts, new customers do not).
GRR = Σ min(ARR at the end, ARR at the start) ÷ their ARR at the start (only contraction and churn count).
Lifetime value = ARR per customer at the start × margin ÷ annual churn, where annual churn is the share of the
cohort that stopped paying, compounded to twelve months: 1 − (1 − churned ÷ cohort)^(12 ÷ months).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np
import numpy.typing as npt

from partnerops.domain.money import Money, minor_digits
from partnerops.ecosystem.bootstrap import Columns, intervals
from partnerops.ecosystem.model import Estimate, Explanation

RATIO = Decimal("0.0001")
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Cohort:
    """The customers paying at the start: how many, their ARR at the start and end and what they kept (minor units
    of the reporting currency), how many churned, and each one's ARR at the start and end for the bootstrap
    (empty when no intervals are drawn)."""

    size: int
    start: int
    end: int
    kept: int
    churned: int
    months: int
    margin: Decimal
    draws: int
    seed: int
    starts: Floats = field(default_factory=lambda: np.zeros(0))
    ends: Floats = field(default_factory=lambda: np.zeros(0))

    @cached_property
    def bounds(self) -> dict[str, tuple[Decimal | None, Decimal | None]]:
        """The 95% intervals of NRR, GRR and lifetime value (in minor units), from the same resamples."""
        exponent = 12 / self.months

        def lifetime(c: Columns) -> Floats:
            annual = 1 - (1 - (c["end"] == 0).mean(1)) ** exponent
            return np.asarray(c["start"].mean(1) * float(self.margin) / annual, dtype=np.float64)

        def kept(c: Columns) -> Floats:
            return np.asarray(np.minimum(c["start"], c["end"]).sum(1) / c["start"].sum(1), dtype=np.float64)

        def net(c: Columns) -> Floats:
            return np.asarray(c["end"].sum(1) / c["start"].sum(1), dtype=np.float64)

        statistics = {"nrr": (net, 4), "grr": (kept, 4), "lifetime_value": (lifetime, 0)}
        return intervals({"start": self.starts, "end": self.ends}, statistics, self.draws, self.seed)


def money_text(minor: int | Decimal, currency: str) -> str:
    """Minor units of `currency` as the reports print money (rounded half-even to the minor unit)."""
    return str(Money.from_minor(int(Decimal(minor).quantize(Decimal(1))), currency))


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    return None if denominator == 0 else (Decimal(numerator) / Decimal(denominator)).quantize(RATIO)


def net_retention(cohort: Cohort, currency: str) -> tuple[Estimate, Explanation]:
    start, end = cohort.start, cohort.end
    low, high = cohort.bounds["nrr"]
    value = _ratio(end, start)
    return Estimate(value, low, high, cohort.size), Explanation(
        "nrr", "ARR at the end of the customers paying at the start ÷ their ARR at the start",
        (("customers paying at the start", str(cohort.size)),
         ("their ARR at the start", money_text(start, currency)),
         ("their ARR at the end", money_text(end, currency))), _shown(value))  # fmt: skip


def gross_retention(cohort: Cohort, currency: str) -> tuple[Estimate, Explanation]:
    start, kept = cohort.start, cohort.kept
    low, high = cohort.bounds["grr"]
    value = _ratio(kept, start)
    return Estimate(value, low, high, cohort.size), Explanation(
        "grr", "Σ min(ARR at the end, ARR at the start) ÷ ARR at the start, over the customers paying at the start",
        (("customers paying at the start", str(cohort.size)),
         ("their ARR at the start", money_text(start, currency)),
         ("ARR kept (expansion left out)", money_text(kept, currency))), _shown(value))  # fmt: skip


def lifetime_value(cohort: Cohort, currency: str) -> tuple[Estimate, Explanation]:
    """In major units of `currency`; not estimated when no customer of the cohort churned (no lifetime seen)."""
    size, churned, margin = cohort.size, cohort.churned, cohort.margin
    low, high = cohort.bounds["lifetime_value"]
    arpa = Decimal(cohort.start) / size if size else Decimal(0)
    value = None
    if size and churned:
        annual = 1 - (1 - Decimal(churned) / Decimal(size)) ** (Decimal(12) / Decimal(cohort.months))
        value = _major(arpa * margin / annual, currency)
    return Estimate(value, _major(low, currency), _major(high, currency), size), Explanation(
        "lifetime_value", "ARR per customer at the start × margin ÷ annual churn; annual churn = "
        f"1 − (1 − churned ÷ customers)^(12 ÷ {cohort.months})",
        (("customers paying at the start", str(size)), ("ARR per customer", money_text(arpa, currency)),
         ("margin", str(margin)), ("churned in the window", str(churned))),
        f"{value:,} {currency}" if value is not None else "not estimated: no customer of the cohort churned in the "
        "window")


def _major(minor: Decimal | None, currency: str) -> Decimal | None:
    """Minor units as a major-unit amount rounded to the currency's minor unit."""
    if minor is None:
        return None
    digits = minor_digits(currency)
    return minor.quantize(Decimal(1)).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def _shown(value: Decimal | None) -> str:
    return "not computed: no customer paid at the start" if value is None else str(value)
