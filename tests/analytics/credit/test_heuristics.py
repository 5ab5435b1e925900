"""Rule-based credit on paths: shares per path sum to one and follow each rule's definition."""

from random import Random
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.analytics.credit import heuristics
from partnerops.analytics.credit import journeys as journeys_module
from partnerops.analytics.credit.journeys import Journeys, channel_totals, equal_share_totals

paths_strategy = st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=7), min_size=1, max_size=20)


def _journeys(paths: list[list[str]]) -> Journeys:
    return Journeys.from_paths(paths, [1.0] * len(paths), [10.0] * len(paths))


@given(paths_strategy, st.floats(0.1, 60), st.floats(0, 0.5), st.floats(0, 0.5))
def test_every_rule_gives_each_path_shares_summing_to_one(
    paths: list[list[str]], half_life: float, first: float, last: float
) -> None:
    journeys = _journeys(paths)
    for weights in (
        heuristics.first_touch(journeys),
        heuristics.last_touch(journeys),
        heuristics.linear(journeys),
        heuristics.time_decay(journeys, half_life),
        heuristics.position_based(journeys, first, last),
    ):
        assert np.allclose(np.add.reduceat(weights, journeys.offsets[:-1]), 1.0)
        assert (weights >= 0).all()


def test_linear_gives_a_repeated_channel_one_share_per_step() -> None:
    conversions, values = channel_totals(_journeys([["a", "a", "b"]]), heuristics.linear(_journeys([["a", "a", "b"]])))
    assert conversions.tolist() == pytest.approx([2 / 3, 1 / 3])
    assert values.tolist() == pytest.approx([20 / 3, 10 / 3])


def test_position_based_gives_40_20_40_and_splits_the_middle() -> None:
    weights = heuristics.position_based(_journeys([["a", "b", "c", "d"], ["a", "b"], ["c"]]))
    assert weights.tolist() == pytest.approx([0.4, 0.1, 0.1, 0.4, 0.5, 0.5, 1.0])


def test_time_decay_halves_a_touch_one_half_life_older() -> None:
    journeys = _journeys([["a", "b"]])
    weights = heuristics.time_decay(journeys, half_life=1.0)
    assert weights.tolist() == pytest.approx([1 / 3, 2 / 3])


@given(
    st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=7), min_size=1, max_size=40),
    st.integers(1, 7),
    st.randoms(use_true_random=False),
)
def test_equal_shares_add_up_bit_for_bit_as_one_bincount_over_the_steps(
    paths: list[list[int]], block: int, random: Random
) -> None:
    journeys = Journeys.from_paths(
        [[str(c) for c in path] for path in paths],
        [random.uniform(0, 5) for _ in paths],
        [random.lognormvariate(5, 2) for _ in paths],
    )
    shares = 1.0 / journeys.lengths
    expected = [
        np.bincount(journeys.steps, np.repeat(shares * per_path, journeys.lengths), len(journeys.channels))
        for per_path in (journeys.conversions, journeys.values)
    ]
    with patch.object(journeys_module, "BLOCK_PATHS", block):  # blocks of a few paths, so the sums cross them
        found = equal_share_totals(journeys, shares)
    for ours, theirs in zip(found, expected, strict=True):
        assert ours.tobytes() == theirs.tobytes()
