"""Time to first value: days from the close of a customer's first won deal to its first go-live or first-usage
event (an event before the close counts as 0 days), for the customers whose first deal closed in the window.
The figure is the median, with a bootstrap interval; customers with no event yet are counted as awaiting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from partnerops.ecosystem.bootstrap import Columns, interval
from partnerops.ecosystem.model import Estimate, Explanation

DAYS = Decimal("0.1")
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Onboarding:
    """The customers whose first deal closed in the window: how many reached value, the median, shortest and
    longest of their days from close to first value (0 when the event came first; None when none reached it), how
    many have no value event yet, and each one's days for the bootstrap (empty when no intervals are drawn)."""

    reached: int
    median: float | None
    shortest: int | None
    longest: int | None
    awaiting: int
    draws: int
    seed: int
    days: Floats = field(default_factory=lambda: np.zeros(0))


def time_to_value(onboarding: Onboarding) -> tuple[Estimate, Explanation]:
    reached = onboarding.reached
    median = None if onboarding.median is None else Decimal(str(float(onboarding.median))).quantize(DAYS)

    def statistic(c: Columns) -> npt.NDArray[np.float64]:
        return np.asarray(np.median(c["days"], axis=1), dtype=np.float64)

    low, high = interval({"days": onboarding.days}, statistic, onboarding.draws, onboarding.seed, places=1)
    shown = "none" if not reached else f"{onboarding.shortest} to {onboarding.longest}"
    return Estimate(median, low, high, reached), Explanation(
        "time_to_value", "median days from the close of the first won deal to the first go-live or first-usage "
        "event (0 when the event came first), over the customers whose first deal closed in the window",
        (("customers who reached value", str(reached)), ("awaiting a first value event", str(onboarding.awaiting)),
         ("days, shortest to longest", shown)),
        "not computed: no customer reached value" if median is None else f"{median} days")  # fmt: skip
