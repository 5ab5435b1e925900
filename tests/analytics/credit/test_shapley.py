"""Shapley values: the efficiency axiom exactly, and sampled estimates within their reported bound."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.credit.chain import build_chain
from partnerops.analytics.credit.coalitions import markov_game
from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.shapley import Coalitions, exact_shapley, sampled_shapley


def _table_game(worth: list[float]):  # type: ignore[no-untyped-def]
    table = np.array(worth)

    def game(coalitions: Coalitions) -> np.ndarray:
        index = (coalitions * (1 << np.arange(coalitions.shape[1]))).sum(axis=1)
        return table[index][:, None]

    return game


@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.floats(-5, 5), min_size=2**n, max_size=2**n)))
)
def test_exact_shapley_values_sum_to_the_grand_coalition_gain(case: tuple[int, list[float]]) -> None:
    players, worth = case
    values = exact_shapley(_table_game(worth), players).values[:, 0]
    assert values.sum() == pytest.approx(worth[-1] - worth[0], abs=1e-9)


def test_a_symmetric_additive_game_splits_equally() -> None:
    worth = [bin(i).count("1") * 2.0 for i in range(8)]
    assert exact_shapley(_table_game(worth), 3).values[:, 0].tolist() == pytest.approx([2.0, 2.0, 2.0])


@settings(max_examples=10)
@given(st.integers(0, 10_000))
def test_sampled_shapley_is_within_its_reported_bound_of_the_exact_values(seed: int) -> None:
    rng = np.random.default_rng(seed)
    channels = list("abcdef")
    paths = [list(rng.choice(channels, size=rng.integers(1, 5))) for _ in range(40)]
    conversions = rng.integers(0, 3, size=40)
    journeys = Journeys.from_paths(
        paths, conversions.tolist(), (conversions * 10.0).tolist(), rng.integers(0, 3, size=40).tolist()
    )
    game = markov_game(build_chain(journeys))
    players = len(journeys.channels)
    exact = exact_shapley(game, players).values
    sampled = sampled_shapley(game, players, samples=300, seed=seed, spread=np.array([1.0, 10.0]))
    assert (np.abs(sampled.values - exact) <= sampled.bound).all()
    assert sampled.standard_error.max() < sampled.bound.min()
