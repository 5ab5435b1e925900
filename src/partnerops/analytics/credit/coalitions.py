"""The worth of a coalition of channels: the conversion probability and expected conversion value of the
journeys' Markov chain when only the coalition's channels exist (states with any other channel -> null).
"""

from __future__ import annotations

import numpy as np

from partnerops.analytics.credit.chain import Chain
from partnerops.analytics.credit.markov import outcomes
from partnerops.analytics.credit.shapley import Coalitions, Game

DENSE_LIMIT = 200  # states; above it each coalition is one sparse solve


def markov_game(chain: Chain) -> Game:
    def worth(coalitions: Coalitions) -> np.ndarray:
        outside: Coalitions = chain.members[None, :, :] & ~coalitions[:, None, :]
        allowed: Coalitions = np.logical_not(outside.any(axis=2))  # [coalition, state]
        if chain.members.shape[0] > DENSE_LIMIT:
            return np.array([outcomes(chain, row) for row in allowed])
        return _dense_outcomes(chain, allowed)

    return worth


def _dense_outcomes(chain: Chain, allowed: np.ndarray) -> np.ndarray:
    q = chain.transitions.toarray()
    size = q.shape[0]
    masked = q[None, :, :] * (allowed[:, :, None] & allowed[:, None, :])
    systems = np.eye(size)[None, :, :] - np.transpose(masked, (0, 2, 1))
    start = np.zeros((len(allowed), size, 1))
    start[:, 0, 0] = 1.0
    visits = np.linalg.solve(systems, start)[:, :, 0]
    conversion = chain.to_conversion[None, :] * allowed
    return np.stack(
        [(visits * conversion).sum(axis=1), (visits * conversion * chain.conversion_value).sum(axis=1)], axis=1
    )
