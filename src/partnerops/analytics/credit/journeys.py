"""Journeys in columnar form: every path's steps (channel codes) laid end to end, with its outcome counts.

This is the path-level shape ChannelAttribution takes (one row per distinct path with its conversions,
conversion value and nulls), stored as flat NumPy arrays so every model works on all paths at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

DENSE_KEYS = 1 << 25  # (journey, channel) pairs up to this many are counted in a table, above it by sorting
BLOCK_PATHS = 1 << 14  # paths whose steps are laid out at once when per-path values are added per step


@dataclass(frozen=True)
class Journeys:
    channels: tuple[str, ...]
    offsets: Ints  # path p's steps are steps[offsets[p]:offsets[p + 1]]
    steps: Ints  # channel codes, indexes into `channels`
    conversions: Floats
    values: Floats
    nulls: Floats
    ages: Floats | None = None  # per step: how long before the conversion it happened (days), when known

    @property
    def path_count(self) -> int:
        return len(self.offsets) - 1

    @property
    def lengths(self) -> Ints:
        return np.diff(self.offsets)

    def step_path(self) -> Ints:
        """For each step, the index of its path."""
        return np.repeat(np.arange(self.path_count, dtype=np.int64), self.lengths)

    def step_position(self) -> Ints:
        """For each step, its position in its path (0 for the first touch)."""
        return np.arange(len(self.steps), dtype=np.int64) - np.repeat(self.offsets[:-1], self.lengths)

    @classmethod
    def from_paths(
        cls,
        paths: Sequence[Sequence[str]],
        conversions: Sequence[float],
        values: Sequence[float] | None = None,
        nulls: Sequence[float] | None = None,
    ) -> Journeys:
        """Journeys from channel names per path (small data and tests; large data builds the arrays directly)."""
        names = sorted({channel for path in paths for channel in path})
        code = {name: index for index, name in enumerate(names)}
        lengths = np.array([len(path) for path in paths], dtype=np.int64)
        if (lengths == 0).any():
            raise ValueError("every path needs at least one channel")
        count = len(paths)
        return cls(
            channels=tuple(names),
            offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            steps=np.array([code[channel] for path in paths for channel in path], dtype=np.int64),
            conversions=np.asarray(conversions, dtype=np.float64),
            values=np.asarray(values if values is not None else [0.0] * count, dtype=np.float64),
            nulls=np.asarray(nulls if nulls is not None else [0.0] * count, dtype=np.float64),
        )


def channel_totals(journeys: Journeys, step_weights: Floats) -> tuple[Floats, Floats]:
    """Conversions and conversion value credited to each channel, given each step's share of its path."""
    size = len(journeys.channels)
    lengths = journeys.lengths
    conversions = np.bincount(journeys.steps, step_weights * np.repeat(journeys.conversions, lengths), size)
    values = np.bincount(journeys.steps, step_weights * np.repeat(journeys.values, lengths), size)
    return conversions.astype(np.float64), values.astype(np.float64)


def whole_path_totals(journeys: Journeys, credited_steps: Ints) -> tuple[Floats, Floats]:
    """Conversions and conversion value per channel when each path's whole credit goes to one of its steps
    (`credited_steps`: that step's index, one per path), without weighing every step."""
    channels = journeys.steps.take(credited_steps)
    size = len(journeys.channels)
    conversions = np.bincount(channels, journeys.conversions, size)
    values = np.bincount(channels, journeys.values, size)
    return conversions.astype(np.float64, copy=False), values.astype(np.float64, copy=False)


def equal_share_totals(journeys: Journeys, path_shares: Floats) -> tuple[Floats, Floats]:
    """Conversions and conversion value per channel when every step of path p has the share path_shares[p];
    the products are taken per path, then laid out per step.

    The steps are added in their order, as `np.bincount` adds them, but a block of paths at a time: the per-step
    values of one block stay small and are reused, instead of two step-length arrays of fresh memory.
    """
    size = len(journeys.channels)
    lengths, offsets, steps = journeys.lengths, journeys.offsets, journeys.steps
    per_path = (path_shares * journeys.conversions, path_shares * journeys.values)
    totals = (np.zeros(size, dtype=np.float64), np.zeros(size, dtype=np.float64))
    with np.errstate(all="ignore"):  # as quiet as np.bincount about sums that overflow
        for start in range(0, journeys.path_count, BLOCK_PATHS):
            end = min(start + BLOCK_PATHS, journeys.path_count)
            block, counts = steps[offsets[start] : offsets[end]], lengths[start:end]
            for total, values in zip(totals, per_path, strict=True):
                np.add.at(total, block, np.repeat(values[start:end], counts))
    return totals


def channel_repeats(journeys: Journeys) -> tuple[Ints, Ints]:
    """For each step, how many steps of its journey have its channel; for each journey, its distinct channels."""
    if len(journeys.steps) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(journeys.path_count, dtype=np.int64)
    channels = max(len(journeys.channels), 1)
    path = journeys.step_path()
    key = path * channels + journeys.steps
    if journeys.path_count * channels <= DENSE_KEYS:  # counted in a table, no sort
        repeats = np.bincount(key, minlength=journeys.path_count * channels)[key]
        # Each of a channel's k steps on a journey adds 1/k: the journey's distinct channels, exactly.
        distinct = np.rint(np.bincount(path, 1.0 / repeats, journeys.path_count)).astype(np.int64)
        return repeats.astype(np.int64), distinct
    distinct_keys, which, counts = np.unique(key, return_inverse=True, return_counts=True)
    distinct = np.bincount(distinct_keys // channels, minlength=journeys.path_count).astype(np.int64)
    return counts[which].astype(np.int64), distinct
