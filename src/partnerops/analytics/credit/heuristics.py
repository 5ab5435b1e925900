"""Rule-based credit: each step's share of its path under first-touch, last-touch, linear, time-decay and
position-based (U-shaped) rules. Shares on one path sum to 1.

Linear gives every step an equal share, so a channel appearing twice on a path gets two shares; that is
ChannelAttribution's convention for its linear model, and first/last touch are the path's end steps.
"""

from __future__ import annotations

import numpy as np

from partnerops.analytics.credit.journeys import Floats, Journeys


def first_touch(journeys: Journeys) -> Floats:
    first: Floats = (journeys.step_position() == 0).astype(np.float64)
    return first


def last_touch(journeys: Journeys) -> Floats:
    lengths = np.repeat(journeys.lengths, journeys.lengths)
    last: Floats = (journeys.step_position() == lengths - 1).astype(np.float64)
    return last


def linear(journeys: Journeys) -> Floats:
    return 1.0 / np.repeat(journeys.lengths, journeys.lengths).astype(np.float64)


def time_decay(journeys: Journeys, half_life: float) -> Floats:
    """Each step weighs 2^(-age / half_life), normalised per path.

    The age is the time before conversion when the journeys carry it (days), else the number of steps
    before the last one, so a half-life is in days or in steps respectively.
    """
    if half_life <= 0:
        raise ValueError("half_life must be positive")
    if journeys.ages is not None:
        ages = journeys.ages
    else:
        ages = (np.repeat(journeys.lengths, journeys.lengths) - 1 - journeys.step_position()).astype(np.float64)
    # Shifting by the path's youngest age keeps weights near 1, so very old touches cannot underflow to 0/0.
    youngest = np.minimum.reduceat(ages, journeys.offsets[:-1]) if len(ages) else ages
    raw = np.exp2(-(ages - np.repeat(youngest, journeys.lengths)) / half_life)
    return _per_path_normalised(journeys, raw)


def position_based(journeys: Journeys, first: float = 0.4, last: float = 0.4) -> Floats:
    """`first` to the first step, `last` to the last, the rest shared by the steps between.

    A path of one step gives it everything; a path of two splits first:last in proportion.
    """
    if first < 0 or last < 0 or first + last > 1:
        raise ValueError("first and last shares must be non-negative and sum to at most 1")
    lengths = np.repeat(journeys.lengths, journeys.lengths)
    position = journeys.step_position()
    middle = (1.0 - first - last) / np.maximum(lengths - 2, 1)
    raw = np.where(position == 0, first, np.where(position == lengths - 1, last, middle))
    two = lengths == 2
    if first + last > 0:
        raw = np.where(two, np.where(position == 0, first, last) / (first + last), raw)
    else:
        raw = np.where(two, 0.5, raw)
    return np.where(lengths == 1, 1.0, raw).astype(np.float64)


def _per_path_normalised(journeys: Journeys, raw: Floats) -> Floats:
    totals = np.add.reduceat(raw, journeys.offsets[:-1]) if len(raw) else raw
    normalised: Floats = raw / np.repeat(totals, journeys.lengths)
    return normalised
