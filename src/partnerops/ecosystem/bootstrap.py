"""95% percentile bootstrap intervals over customers, reproducible: the seed is derived from the data itself (a
hash of what is resampled), so the same records give the same interval on every run and every machine."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from decimal import Decimal

import numpy as np
import numpy.typing as npt

Columns = Mapping[str, npt.NDArray[np.float64]]
Statistic = Callable[[Columns], npt.NDArray[np.float64]]
# Index cells drawn at once (draws x customers); keeps memory flat whatever the group's size.
_CELLS_PER_CHUNK = 4_000_000


def data_seed(*parts: object) -> int:
    """A 63-bit seed from the text of `parts` (arrays by their bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.tobytes() if isinstance(part, np.ndarray) else repr(part).encode())
    return int.from_bytes(digest.digest()[:8], "big") >> 1


def interval(columns: Columns, statistic: Statistic, draws: int, seed: int,
             places: int = 4) -> tuple[Decimal | None, Decimal | None]:  # fmt: skip
    """The 2.5th and 97.5th percentiles of `statistic` over `draws` resamples (with replacement) of the rows of
    `columns`. Both None with no rows or no draws; the upper one None when the statistic is unbounded there."""
    return intervals(columns, {"only": (statistic, places)}, draws, seed)["only"]


def intervals(columns: Columns, statistics: Mapping[str, tuple[Statistic, int]], draws: int,
              seed: int) -> dict[str, tuple[Decimal | None, Decimal | None]]:  # fmt: skip
    """`interval` of each named (statistic, decimal places) over the same resamples: one draw serves them all. A
    draw where a statistic is undefined (0 ÷ 0) is left out; one where it is infinite counts."""
    size = len(next(iter(columns.values())))
    if size == 0 or draws == 0:
        return dict.fromkeys(statistics, (None, None))
    rng = np.random.default_rng(seed)
    chunk = max(1, _CELLS_PER_CHUNK // size)
    drawn: dict[str, list[npt.NDArray[np.float64]]] = {name: [] for name in statistics}
    for start in range(0, draws, chunk):
        picks = rng.integers(0, size, size=(min(chunk, draws - start), size), dtype=np.int32)
        sample = {name: column[picks] for name, column in columns.items()}
        with np.errstate(divide="ignore", invalid="ignore"):
            for name, (statistic, _) in statistics.items():
                drawn[name].append(statistic(sample))
    return {name: _bounds(np.concatenate(drawn[name]), places) for name, (_, places) in statistics.items()}


def _bounds(drawn: npt.NDArray[np.float64], places: int) -> tuple[Decimal | None, Decimal | None]:
    """The percentiles of the draws; an infinite draw (a lifetime with no churn in the resample) counts, and a
    bound it reaches is None: unbounded."""
    kept = drawn[~np.isnan(drawn)]
    if kept.size == 0:
        return None, None
    low, high = np.percentile(kept, [2.5, 97.5], method="inverted_cdf")
    return _decimal(float(low), places), _decimal(float(high), places)


def _decimal(value: float, places: int) -> Decimal | None:
    if not np.isfinite(value):
        return None
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))
