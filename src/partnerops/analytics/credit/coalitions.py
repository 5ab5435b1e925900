"""Games over channels for Shapley values.

The Markov game: the worth of a coalition is the conversion probability and expected conversion value of the
journeys' Markov chain when only the coalition's channels exist (states with any other channel -> null).

The coalition game of the attribution literature (Shapley, as Dalessandro et al. 2012 and Zhao et al. 2018 define
it for multi-touch attribution): the worth of a coalition S is the conversions and conversion value of the journeys
whose channels all belong to S. It is the sum over journeys of unanimity games on each journey's channel set, so
its Shapley value is exact at any number of channels: every journey is split equally among its distinct channels.
"""

from __future__ import annotations

import numpy as np

from partnerops.analytics.credit.chain import Chain
from partnerops.analytics.credit.journeys import Floats, Journeys, channel_repeats
from partnerops.analytics.credit.markov import outcomes
from partnerops.analytics.credit.shapley import Coalitions, Game


def markov_game(chain: Chain) -> Game:
    def worth(coalitions: Coalitions) -> Floats:
        outside: Coalitions = chain.members[None, :, :] & ~coalitions[:, None, :]
        allowed: Coalitions = np.logical_not(outside.any(axis=2))  # [coalition, state]
        return outcomes(chain, allowed)

    return worth


def coalition_game(journeys: Journeys) -> Game:
    """v(S) = (conversions, value) of the journeys all of whose channels are in S, for each coalition row."""
    path = journeys.step_path()

    def worth(coalitions: Coalitions) -> Floats:
        outside = ~coalitions[:, journeys.steps]  # [coalition, step]: the step's channel is not in S
        leaves = np.zeros((len(coalitions), journeys.path_count), dtype=np.bool_)
        for row in range(len(coalitions)):
            leaves[row] = np.bincount(path, outside[row], journeys.path_count) > 0
        inside = (~leaves).astype(np.float64)
        return np.stack([inside @ journeys.conversions, inside @ journeys.values], axis=1)

    return worth


def coalition_shares(journeys: Journeys) -> Floats:
    """Each step's share of its journey under the coalition game's Shapley value: 1 / (the journey's distinct
    channels), divided among the steps of the same channel when it appears more than once."""
    repeats, distinct = channel_repeats(journeys)
    shares: Floats = 1.0 / (np.repeat(distinct, journeys.lengths) * repeats)
    return shares
