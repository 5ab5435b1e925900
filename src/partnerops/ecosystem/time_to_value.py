"""Time to first value: days from the close of a customer's first won deal to its first go-live or first-usage
event (an event before the close counts as 0 days), for the customers whose first deal closed in the window.
The figure is the median, with a bootstrap interval; customers with no event yet are counted as awaiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from partnerops.ecosystem.bootstrap import Columns, interval
from partnerops.ecosystem.model import Estimate, Explanation

DAYS = Decimal("0.1")


@dataclass(frozen=True)
class Onboarding:
    """Per customer whose first deal closed in the window: its close and its first value event (None: none yet)."""

    closed_on: list[date]
    first_value_on: list[date | None]
    draws: int
    seed: int

    @property
    def days(self) -> list[int]:
        return [max(0, (value - closed).days) for closed, value in zip(self.closed_on, self.first_value_on,
                                                                       strict=True) if value is not None]

    @property
    def awaiting(self) -> int:
        return sum(1 for value in self.first_value_on if value is None)


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
