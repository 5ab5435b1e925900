"""Quarantine problems counted by kind, severity, field and reason, the values inside each reason left out so
that one kind of problem (every unknown country, say) is one line."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

ReasonCount = tuple[str, str, str, str, int]
QUOTED = re.compile(r"'[^']*'")
ROW_NUMBER = re.compile(r"\brow \d+")


def general_reason(reason: str) -> str:
    """"unknown country 'Atlantis' (…)" reads "unknown country '…' (…)"; "row 12 of this file", "row … of…"."""
    return ROW_NUMBER.sub("row …", QUOTED.sub("'…'", reason))


def summarised(counts: Iterable[ReasonCount]) -> list[ReasonCount]:
    """Add up (kind, severity, field, reason, count) by the reason's pattern, most frequent first."""
    counted: Counter[tuple[str, str, str, str]] = Counter()
    for kind, severity, field, reason, n in counts:
        counted[(kind, severity, field, general_reason(reason))] += n
    return [(*key, n) for key, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))]
