"""The absorbing Markov chain of a set of journeys, of any order, as ChannelAttribution builds it.

States are `order` consecutive channels of a path (the whole path when it is shorter); a path walks
(start) -> its states -> (conversion) with its conversions and -> (null) with its nulls, and a state
repeated back to back is one visit. Transition counts are the path counts, summed over all paths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from partnerops.analytics.credit.journeys import Floats, Ints, Journeys


@dataclass(frozen=True)
class Chain:
    """Transient states 0..n-1 (0 is the start); `transitions` are probabilities between them."""

    transitions: sparse.csr_matrix
    to_conversion: Floats  # probability of converting from each state
    conversion_value: Floats  # mean value of a conversion reached from each state
    members: NDArray[np.bool_]  # members[state, channel]: the state contains the channel


def build_chain(journeys: Journeys, order: int = 1) -> Chain:
    if order < 1:
        raise ValueError("order must be at least 1")
    path, codes = _state_codes(journeys, order)
    keys, state = np.unique(codes, return_inverse=True)
    state = state.astype(np.int64) + 1  # 0 is (start)
    size = len(keys) + 1
    path, state = _collapse_repeats(path, state)
    first = np.r_[True, path[1:] != path[:-1]]
    last = np.r_[path[1:] != path[:-1], True]
    previous = np.where(first, 0, np.r_[0, state[:-1]])
    passing = journeys.conversions + journeys.nulls
    counts = sparse.coo_matrix((passing[path], (previous, state)), shape=(size, size)).tocsr()
    ends, ending_path = state[last], path[last]
    converted = np.bincount(ends, journeys.conversions[ending_path], minlength=size)
    lost = np.bincount(ends, journeys.nulls[ending_path], minlength=size)
    value = np.bincount(ends, journeys.values[ending_path], minlength=size)
    leaving = np.asarray(counts.sum(axis=1)).ravel() + converted + lost
    scale = np.divide(1.0, leaving, out=np.zeros(size), where=leaving > 0)
    return Chain(
        transitions=sparse.diags(scale) @ counts,
        to_conversion=converted * scale,
        conversion_value=np.divide(value, converted, out=np.zeros(size), where=converted > 0),
        members=_members(keys, order, len(journeys.channels)),
    )


def _state_codes(journeys: Journeys, order: int) -> tuple[Ints, Ints]:
    """Each path's windows of `order` steps, as (path index, integer code of the window's channels)."""
    lengths = journeys.lengths
    windows = np.maximum(lengths - order + 1, 1)
    path = np.repeat(np.arange(journeys.path_count, dtype=np.int64), windows)
    start = np.repeat(journeys.offsets[:-1], windows) + (
        np.arange(len(path), dtype=np.int64) - np.repeat(np.cumsum(windows) - windows, windows)
    )
    end = journeys.offsets[1:][path]
    base = len(journeys.channels) + 1
    if base**order >= 2**62:
        raise ValueError(f"order {order} is too high for {base - 1} channels")
    codes = np.zeros(len(path), dtype=np.int64)
    for offset in range(order):
        index = start + offset
        inside = index < end
        step = journeys.steps[np.minimum(index, len(journeys.steps) - 1)] + 1
        codes += np.where(inside, step, 0) * base**offset
    return path, codes


def _collapse_repeats(path: Ints, state: Ints) -> tuple[Ints, Ints]:
    keep = np.r_[True, (path[1:] != path[:-1]) | (state[1:] != state[:-1])]
    return path[keep], state[keep]


def _members(keys: Ints, order: int, channels: int) -> NDArray[np.bool_]:
    members = np.zeros((len(keys) + 1, channels), dtype=np.bool_)
    base = channels + 1
    rows = np.arange(1, len(keys) + 1)
    for offset in range(order):
        digit = (keys // base**offset) % base
        present = digit > 0
        members[rows[present], digit[present] - 1] = True
    return members
