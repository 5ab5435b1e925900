"""The unit of a Gong call's sentence times. Gong documents milliseconds; files re-written by other tools hold
seconds. Read each way, the last sentence must end within the call (its `duration`, seconds, with a margin);
of the readings that fit, the one ending closest to the call's end is taken. Without a duration, milliseconds."""

from __future__ import annotations

import math
from dataclasses import dataclass

# A transcript may run a little past the recorded duration (the recorder stops after the last word).
MARGIN = 1.1
MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class SentenceTimes:
    divisor: float
    explained: str

    def seconds(self, value: object) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value) / self.divisor


MILLISECONDS = "sentence times read as milliseconds"


def sentence_times(times: list[float], duration: object) -> SentenceTimes:
    last = max(times, default=0.0)
    if isinstance(duration, bool) or not isinstance(duration, int | float) or duration <= 0:
        return SentenceTimes(1000.0, f"{MILLISECONDS} (no call duration; Gong's documented unit)")
    limit = duration * MARGIN + MARGIN_SECONDS
    fits = [(divisor, last / divisor) for divisor in (1000.0, 1.0) if last / divisor <= limit]
    if not fits or last <= 0:
        return SentenceTimes(1000.0, f"{MILLISECONDS} (Gong's documented unit; the last sentence ends at {last:g})")
    divisor, ends = min(fits, key=lambda fit: abs(math.log(max(fit[1], 1e-3) / duration)))
    unit = "milliseconds" if divisor == 1000.0 else "seconds"
    return SentenceTimes(divisor, f"sentence times read as {unit}: the last sentence ends at {ends:,.0f} s of a "
                                  f"{duration:,.0f} s call")
