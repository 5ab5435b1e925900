"""The 95% interval of won amounts by Monte Carlo, vectorised over deals and draws with numpy.

Each draw samples every probability source (a stage, or a tier's fallback rate) from its Beta posterior
once, so deals sharing a source move together, then each deal's outcome. Draws run in chunks so memory
stays bounded however many deals are open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

# Jeffreys prior: Beta(1/2, 1/2), proper and uninformative, finite even for a rate of 0 or 1.
PRIOR = 0.5
_CELLS_PER_CHUNK = 4_000_000

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Deals:
    """Open deals as arrays: amount in minor units and the index of its probability source."""

    amount_minor: IntArray
    source: IntArray
    source_won: IntArray
    source_closed: IntArray


@dataclass(frozen=True)
class Groups:
    """Which deals each group sums: parallel arrays of (group index, deal index)."""

    count: int
    group: IntArray
    deal: IntArray


def interval_bounds(deals: Deals, groups: Groups, draws: int, seed: int) -> tuple[IntArray, IntArray]:
    """Per group, the 2.5th and 97.5th percentile of the simulated won amount, in minor units."""
    totals = simulated_totals(deals, groups, draws, seed)
    low, high = np.percentile(totals, [2.5, 97.5], axis=0) if draws else (np.zeros(groups.count),) * 2
    return np.round(low).astype(np.int64), np.round(high).astype(np.int64)


def simulated_totals(deals: Deals, groups: Groups, draws: int, seed: int) -> npt.NDArray[np.float64]:
    """A (draws x groups) matrix of simulated won amounts."""
    rng = np.random.default_rng(seed)
    size = deals.amount_minor.size
    membership = sparse.csr_matrix(
        (np.ones(groups.group.size), (groups.group, groups.deal)), shape=(groups.count, size)
    )
    alpha = deals.source_won + PRIOR
    beta = deals.source_closed - deals.source_won + PRIOR
    amounts = deals.amount_minor.astype(np.float64)
    chunk = max(1, _CELLS_PER_CHUNK // max(size, 1))
    parts = []
    for start in range(0, draws, chunk):
        rows = min(chunk, draws - start)
        rates = rng.beta(alpha, beta, size=(rows, alpha.size))
        won = rng.random((rows, size)) < rates[:, deals.source]
        parts.append(np.asarray((membership @ (won * amounts).T).T))
    return np.vstack(parts) if parts else np.zeros((0, groups.count))
