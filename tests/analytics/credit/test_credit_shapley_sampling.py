"""The Markov-game Shapley value beyond the channels that can be enumerated: its permutations are drawn from a
seed derived from the journeys, so the same data gives the same credits, and the estimate states its bound."""

import numpy as np

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings, path_totals, shapley_seed, shapley_values
from partnerops.analytics.credit.shapley import EXACT_LIMIT


def _journeys(seed: int) -> Journeys:
    rng = np.random.default_rng(seed)
    names = [f"c{i:02d}" for i in range(EXACT_LIMIT + 2)]
    walks = [list(rng.choice(names, size=rng.integers(1, 4))) for _ in range(80)]
    return Journeys.from_paths(walks, rng.integers(0, 3, 80).tolist(), None, rng.integers(0, 4, 80).tolist())


def test_the_seed_comes_from_the_data_unless_one_is_given() -> None:
    settings = CreditSettings()
    assert shapley_seed(_journeys(1), settings) == shapley_seed(_journeys(1), settings)
    assert shapley_seed(_journeys(1), settings) != shapley_seed(_journeys(2), settings)
    assert shapley_seed(_journeys(1), CreditSettings(seed=5)) == 5


def test_sampled_credits_repeat_on_the_same_data_and_carry_a_bound() -> None:
    settings = CreditSettings(samples=200)
    first = path_totals(_journeys(3), CreditModel.SHAPLEY, settings)
    again = path_totals(_journeys(3), CreditModel.SHAPLEY, settings)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    values = shapley_values(_journeys(3), settings)
    assert values.samples == 200 and not values.exact
    assert (values.bound[:, 0] > 0).all() and (values.standard_error[:, 0] <= values.bound[:, 0]).all()
