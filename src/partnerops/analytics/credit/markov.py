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


def outcomes(chain: Chain, allowed: NDArray[np.bool_]) -> tuple[float, float]:
    """P(conversion) and expected conversion value from (start) when only `allowed` states are kept."""
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
    everything = np.ones(chain.members.shape[0], dtype=np.bool_)
    probability, value = outcomes(chain, everything)
    channels = len(journeys.channels)
    effects = np.zeros((2, channels))
    for channel in range(channels):  # one small solve per channel, never per path
        without = outcomes(chain, ~chain.members[:, channel])
        effects[0, channel] = 1 - without[0] / probability if probability > 0 else 0.0
        effects[1, channel] = 1 - without[1] / value if value > 0 else 0.0
    return RemovalEffects(effects[0], effects[1], probability)


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
