"""The worth of a coalition of channels: the conversion probability and expected conversion value of the
journeys' Markov chain when only the coalition's channels exist (states with any other channel -> null).
"""

from __future__ import annotations

import numpy as np

from partnerops.analytics.credit.chain import Chain
from partnerops.analytics.credit.journeys import Floats
from partnerops.analytics.credit.markov import outcomes
from partnerops.analytics.credit.shapley import Coalitions, Game


def markov_game(chain: Chain) -> Game:
    def worth(coalitions: Coalitions) -> Floats:
        outside: Coalitions = chain.members[None, :, :] & ~coalitions[:, None, :]
        allowed: Coalitions = np.logical_not(outside.any(axis=2))  # [coalition, state]
        return outcomes(chain, allowed)

    return worth
