"""Time to first value: days from the close of a customer's first won deal to its first go-live or first-usage
event (an event before the close counts as 0 days), for the customers whose first deal closed in the window.
The figure is the median, with a bootstrap interval; customers with no event yet are counted as awaiting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from partnerops.ecosystem.bootstrap import Columns, interval
from partnerops.ecosystem.model import Estimate, Explanation

DAYS = Decimal("0.1")


@dataclass(frozen=True)
class Onboarding:
    """The customers whose first deal closed in the window: each one's days from close to first value (0 when
    the event came first), and how many have no value event yet."""

    days: list[int]
    awaiting: int
    draws: int
    seed: int


def time_to_value(onboarding: Onboarding) -> tuple[Estimate, Explanation]:
    days = onboarding.days
    median = Decimal(str(float(np.median(days)))).quantize(DAYS) if days else None

    def statistic(c: Columns) -> npt.NDArray[np.float64]:
        return np.asarray(np.median(c["days"], axis=1), dtype=np.float64)

    low, high = interval({"days": np.array(days, dtype=np.float64)}, statistic, onboarding.draws, onboarding.seed,
                         places=1)  # fmt: skip
    return Estimate(median, low, high, len(days)), Explanation(
        "time_to_value", "median days from the close of the first won deal to the first go-live or first-usage "
        "event (0 when the event came first), over the customers whose first deal closed in the window",
        (("customers who reached value", str(len(days))), ("awaiting a first value event", str(onboarding.awaiting)),
         ("days, shortest to longest", _range(days))),
        "not computed: no customer reached value" if median is None else f"{median} days")  # fmt: skip


def _range(days: list[int]) -> str:
    return f"{min(days)} to {max(days)}" if days else "none"
