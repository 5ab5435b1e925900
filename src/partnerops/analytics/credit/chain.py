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


DENSE_CODES = 1 << 22  # window codes up to this many are numbered through a table, above it by sorting
DENSE_PAIRS = 1 << 22  # (from, to) pairs up to this many are counted in a dense table


def build_chain(journeys: Journeys, order: int = 1) -> Chain:
    if order < 1:
        raise ValueError("order must be at least 1")
    path, codes = _state_codes(journeys, order)
    keys, state = _numbered(codes, (len(journeys.channels) + 1) ** order)
    size = len(keys) + 1  # 0 is (start)
    path, state = _collapse_repeats(path, state)
    first = np.r_[True, path[1:] != path[:-1]]
    last = np.r_[path[1:] != path[:-1], True]
    previous = np.where(first, 0, np.r_[0, state[:-1]])
    passing = journeys.conversions + journeys.nulls
    counts = _transition_counts(previous, state, passing[path], size)
    ends, ending_path = state[last], path[last]
    converted = np.bincount(ends, journeys.conversions[ending_path], minlength=size)
    lost = np.bincount(ends, journeys.nulls[ending_path], minlength=size)
    value = np.bincount(ends, journeys.values[ending_path], minlength=size)
    leaving = np.asarray(counts.sum(axis=1)).ravel() + converted + lost
    scale = np.divide(1.0, leaving, out=np.zeros(size), where=leaving > 0)
    return Chain(
        transitions=sparse.csr_matrix(sparse.diags(scale) @ counts),
        to_conversion=converted * scale,
        conversion_value=np.divide(value, converted, out=np.zeros(size), where=converted > 0),
        members=_members(keys, order, len(journeys.channels)),
    )


def _numbered(codes: Ints, code_count: int) -> tuple[Ints, Ints]:
    """The distinct codes in order and each code's state number among them (from 1; 0 is the start)."""
    if code_count > DENSE_CODES:
        keys, index = np.unique(codes, return_inverse=True)
        return keys, index.astype(np.int64) + 1
    present = np.bincount(codes, minlength=code_count) > 0
    number = np.cumsum(present)  # a code's 1-based rank among the codes present
    return np.flatnonzero(present).astype(np.int64), number[codes].astype(np.int64)


def _transition_counts(source: Ints, target: Ints, weight: Floats, size: int) -> sparse.csr_matrix:
    """Summed weights of each (source, target) pair; a bincount on the pair code when the square is small."""
    if size * size > DENSE_PAIRS:
        return sparse.csr_matrix(sparse.coo_matrix((weight, (source, target)), shape=(size, size)))
    dense = np.bincount(source * size + target, weight, minlength=size * size).reshape(size, size)
    return sparse.csr_matrix(dense)


def _state_codes(journeys: Journeys, order: int) -> tuple[Ints, Ints]:
    """Each path's windows of `order` steps, as (path index, integer code of the window's channels)."""
    if order == 1:  # the windows are the steps
        return journeys.step_path(), journeys.steps + 1
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
