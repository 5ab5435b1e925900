"""Markov removal effects, solved exactly on the absorbing chain (no simulation).

The probability of converting from (start) and the expected conversion value are linear in the expected
visits h of each transient state, where h solves (I - Q)^T h = e_start. Removing a channel sends every
state containing it to (null), which is the same system restricted to the other states.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse import linalg

from partnerops.analytics.credit.chain import Chain, build_chain
from partnerops.analytics.credit.journeys import Floats, Journeys


@dataclass(frozen=True)
class RemovalEffects:
    conversion: Floats  # per channel: 1 - P(conversion without it) / P(conversion)
    value: Floats  # the same for expected conversion value
    conversion_probability: float


DENSE_LIMIT = 200  # states; up to it systems are solved together as dense matrices, above it one sparse solve each
BATCH_ENTRIES = 1 << 22  # matrix entries per batch of dense systems (32 MB), whatever the number of rows


def outcomes(chain: Chain, allowed: NDArray[np.bool_]) -> Floats:
    """P(conversion) and expected conversion value from (start), one row per row of `allowed` (the states
    kept; the others lead to null). Row 0 of each system is (start), which every row keeps."""
    if chain.members.shape[0] > DENSE_LIMIT:
        return np.array([_sparse_outcome(chain, row) for row in allowed]).reshape(-1, 2)
    q = chain.transitions.toarray()
    batch = max(1, BATCH_ENTRIES // q.size)
    parts = [_dense_outcomes(chain, q, allowed[i : i + batch]) for i in range(0, len(allowed), batch)]
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def _dense_outcomes(chain: Chain, q: Floats, allowed: NDArray[np.bool_]) -> Floats:
    size = q.shape[0]
    masked = q[None, :, :] * (allowed[:, :, None] & allowed[:, None, :])
    systems = np.eye(size)[None, :, :] - np.transpose(masked, (0, 2, 1))
    start = np.zeros((len(allowed), size, 1))
    start[:, 0, 0] = 1.0
    visits = np.linalg.solve(systems, start)[:, :, 0]
    conversion = chain.to_conversion[None, :] * allowed
    converting = visits * conversion
    return np.stack([converting.sum(axis=1), converting @ chain.conversion_value], axis=1)


def _sparse_outcome(chain: Chain, allowed: NDArray[np.bool_]) -> tuple[float, float]:
    index = np.flatnonzero(allowed)
    size = len(index)
    q = chain.transitions[index][:, index]
    system = (sparse.identity(size, format="csc") - q.T).tocsc()
    start = np.zeros(size)
    start[0] = 1.0
    visits = np.atleast_1d(linalg.spsolve(system, start))
    conversion = chain.to_conversion[index]
    return float(visits @ conversion), float(visits @ (conversion * chain.conversion_value[index]))


def removal_effects(journeys: Journeys, order: int = 1) -> RemovalEffects:
    chain = build_chain(journeys, order)
    # All states, then for each channel the states without it: one batch of systems, never one per path.
    allowed = np.vstack([np.ones((1, chain.members.shape[0]), dtype=np.bool_), ~chain.members.T])
    worth = outcomes(chain, allowed)
    whole, without = worth[0], worth[1:]
    effects = np.divide(without, whole, out=np.ones_like(without), where=whole > 0)
    return RemovalEffects(1 - effects[:, 0], 1 - effects[:, 1], float(whole[0]))


def markov_totals(journeys: Journeys, order: int = 1) -> tuple[Floats, Floats]:
    """Conversions and value credited to each channel in proportion to its removal effect."""
    effects = removal_effects(journeys, order)
    return (
        _share(effects.conversion, float(journeys.conversions.sum())),
        _share(effects.value, float(journeys.values.sum())),
    )


def _share(effects: Floats, total: float) -> Floats:
    weight = effects.sum()
    return (effects / weight * total) if weight > 0 else np.zeros_like(effects)
