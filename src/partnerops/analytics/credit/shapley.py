"""Shapley values of a cooperative game over channels: exact by enumerating coalitions when there are few
channels, else estimated from seeded random permutations with a standard error and a Hoeffding bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from partnerops.analytics.credit.journeys import Floats

Coalitions = NDArray[np.bool_]
# A game maps coalitions (rows of a boolean matrix, one column per channel) to their worth (one row each,
# one column per quantity, e.g. conversions and conversion value).
Game = Callable[[Coalitions], Floats]

EXACT_LIMIT = 12


@dataclass(frozen=True)
class ShapleyValues:
    values: Floats  # [channel, quantity]
    standard_error: Floats  # zeros when exact
    bound: Floats  # |estimate - exact| <= bound with probability `confidence` (zeros when exact)
    samples: int  # permutations drawn; 0 when exact
    confidence: float

    @property
    def exact(self) -> bool:
        return self.samples == 0


def shapley(
    game: Game,
    players: int,
    *,
    samples: int = 2000,
    seed: int = 0,
    spread: Floats | None = None,
    confidence: float = 0.95,
) -> ShapleyValues:
    """Exact up to EXACT_LIMIT players, sampled above; `spread` is each quantity's max - min worth."""
    if players <= EXACT_LIMIT:
        return exact_shapley(game, players)
    if spread is None:
        raise ValueError("sampling needs each quantity's spread of worth for its error bound")
    return sampled_shapley(game, players, samples=samples, seed=seed, spread=spread, confidence=confidence)


def exact_shapley(game: Game, players: int) -> ShapleyValues:
    index = np.arange(2**players, dtype=np.int64)
    coalitions = (index[:, None] >> np.arange(players)) & 1 == 1
    worth = game(coalitions)
    size = coalitions.sum(axis=1)
    weight = np.array([_weight(int(s), players) for s in range(players)])
    values = np.zeros((players, worth.shape[1]))
    for player in range(players):  # one vectorised pass per player over all coalitions
        without = index[~coalitions[:, player]]
        gain = worth[without | (1 << player)] - worth[without]
        values[player] = weight[size[without]] @ gain
    zeros = np.zeros_like(values)
    return ShapleyValues(values, zeros, zeros, 0, 1.0)


def sampled_shapley(
    game: Game, players: int, *, samples: int, seed: int, spread: Floats, confidence: float = 0.95
) -> ShapleyValues:
    """Mean marginal contribution over `samples` random orders of the players.

    Each marginal contribution lies in an interval of width 2 * spread, so by Hoeffding's inequality with a
    union bound over players, every estimate is within the bound of the exact value with prob. `confidence`.
    """
    rng = np.random.default_rng(seed)
    orders = rng.permuted(np.tile(np.arange(players), (samples, 1)), axis=1)
    ranks = np.argsort(orders, axis=1)
    prefixes = ranks[:, None, :] < np.arange(players + 1)[None, :, None]  # [sample, prefix length, player]
    flat = prefixes.reshape(-1, players)
    keys, inverse = np.unique(np.packbits(flat, axis=1), axis=0, return_inverse=True)
    worth = game(np.unpackbits(keys, axis=1, count=players).astype(np.bool_))[inverse.ravel()]
    worth = worth.reshape(samples, players + 1, -1)
    gains = np.diff(worth, axis=1)  # gains[s, k] belongs to player orders[s, k]
    marginal = np.take_along_axis(gains, ranks[:, :, None], axis=1)  # [sample, player, quantity]
    deviation = marginal.std(axis=0, ddof=1) if samples > 1 else np.zeros(marginal.shape[1:])
    bound = hoeffding_bound(np.asarray(spread), players, samples, confidence)
    return ShapleyValues(
        values=marginal.mean(axis=0),
        standard_error=deviation / math.sqrt(samples),
        bound=np.broadcast_to(bound, marginal.shape[1:]).copy(),
        samples=samples,
        confidence=confidence,
    )


def hoeffding_bound(spread: Floats, players: int, samples: int, confidence: float = 0.95) -> Floats:
    """How far every sampled estimate may be from the exact value, with probability `confidence`."""
    bound: Floats = 2 * spread * math.sqrt(math.log(2 * players / (1 - confidence)) / (2 * samples))
    return bound


def _weight(size: int, players: int) -> float:
    return math.factorial(size) * math.factorial(players - size - 1) / math.factorial(players)
