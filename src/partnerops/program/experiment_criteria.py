"""Success criteria of an experiment ("uplift >= 1.2", "difference > 0") and the verdict an interval gives:
met when the whole interval satisfies it, not met when none of it does, inconclusive when it straddles."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from enum import StrEnum

from partnerops.analytics.stats import Interval
from partnerops.program.errors import InvalidProgramInput

_PATTERN = re.compile(r"^\s*(uplift|ratio|difference)\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)\s*$")


_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class SuccessCriteria:
    """`measure` compares cohort with control: uplift (= ratio, cohort / control) or difference (cohort - control)."""

    measure: str
    operator: str
    threshold: float

    def __str__(self) -> str:
        return f"{self.measure} {self.operator} {self.threshold:g}"

    @property
    def is_ratio(self) -> bool:
        return self.measure in ("uplift", "ratio")


def parse_criteria(text: str) -> SuccessCriteria:
    found = _PATTERN.match(text.lower())
    if found is None:
        raise InvalidProgramInput("success_criteria", f"{text!r} is not a criterion: write e.g. 'uplift >= 1.2', "
                                  "'ratio <= 0.8' or 'difference > 0'")
    return SuccessCriteria(found.group(1), found.group(2), float(found.group(3)))


def verdict(criteria: SuccessCriteria, interval: Interval) -> Verdict:
    if not interval.defined:
        return Verdict.INCONCLUSIVE
    low = interval.low if interval.low is not None else float("-inf")
    high = interval.high if interval.high is not None else float("inf")
    holds = _COMPARE[criteria.operator]
    # The interval is [low, high]: its worst end decides "met", its best end "not met".
    worst, best = (low, high) if criteria.operator.startswith(">") else (high, low)
    if holds(worst, criteria.threshold):
        return Verdict.MET
    if not holds(best, criteria.threshold):
        return Verdict.NOT_MET
    return Verdict.INCONCLUSIVE
