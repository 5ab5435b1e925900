"""Markov removal effects solved exactly on the absorbing chain, checked against answers worked by hand."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.credit import chain, markov
from partnerops.analytics.credit.chain import build_chain
from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.markov import markov_totals, removal_effects


def test_two_channels_in_series_are_both_indispensable() -> None:
    # start -> a -> b -> conversion (half the time) or null: removing either channel removes every conversion.
    journeys = Journeys.from_paths([["a", "b"], ["a", "b"]], [1, 0], [100, 0], [0, 1])
    effects = removal_effects(journeys)
    assert effects.conversion_probability == pytest.approx(0.5)
    assert effects.conversion.tolist() == pytest.approx([1.0, 1.0])
    assert markov_totals(journeys)[0].tolist() == pytest.approx([0.5, 0.5])


def test_parallel_channels_get_effects_in_proportion_to_the_conversions_through_them() -> None:
    # start -> a (p 2/3) converts 1/2 of the time; start -> b (1/3) always converts. P = 2/3.
    journeys = Journeys.from_paths([["a"], ["b"]], [1, 1], [10, 30], [1, 0])
    effects = removal_effects(journeys)
    assert effects.conversion_probability == pytest.approx(2 / 3)
    assert effects.conversion.tolist() == pytest.approx([0.5, 0.5])
    assert effects.value.tolist() == pytest.approx([10 / 40, 30 / 40])


def test_a_loop_is_solved_exactly_not_simulated() -> None:
    # a -> b -> a loops: P(a->b)=1/2, P(a->conv)=1/2 ... the chain of the ChannelAttribution worked example.
    journeys = Journeys.from_paths(
        [["a", "a", "b"], ["b", "c"], ["a"], ["c", "c", "a", "b"]], [3, 1, 0, 2], None, [1, 2, 4, 0]
    )
    effects = removal_effects(journeys)
    assert effects.conversion_probability == pytest.approx(6 / 13)
    assert effects.conversion.tolist() == pytest.approx([28 / 45, 14 / 15, 5 / 18])


def test_repeated_states_are_one_visit_and_higher_orders_use_windows() -> None:
    journeys = Journeys.from_paths([["a", "a", "b"], ["a", "b", "c"]], [1, 1])
    assert build_chain(journeys, 1).members.shape == (4, 3)  # start, a, b, c
    second = build_chain(journeys, 2)
    assert second.members.shape[0] == 4  # start, (a a), (a b), (b c)
    assert second.transitions[0].sum() == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcd"), min_size=1, max_size=6), min_size=1, max_size=15), st.integers(1, 3))
def test_table_and_sorting_paths_build_the_same_chain_and_solve_alike(paths: list[list[str]], order: int) -> None:
    journeys = Journeys.from_paths(paths, [1.0] * len(paths), [5.0] * len(paths), [2.0] * len(paths))
    tabled = build_chain(journeys, order)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chain, "DENSE_CODES", 0)
        patch.setattr(chain, "DENSE_PAIRS", 0)
        sorted_ = build_chain(journeys, order)
        allowed = np.vstack([np.ones((1, tabled.members.shape[0]), dtype=np.bool_), ~tabled.members.T])
        dense = markov.outcomes(tabled, allowed)
        patch.setattr(markov, "DENSE_LIMIT", 0)
        sparse_ = markov.outcomes(tabled, allowed)
    assert (tabled.members == sorted_.members).all()
    assert np.allclose(tabled.transitions.toarray(), sorted_.transitions.toarray(), rtol=1e-12, atol=0)
    assert np.allclose(dense, sparse_, rtol=1e-9, atol=1e-12)
