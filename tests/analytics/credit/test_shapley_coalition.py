"""Shapley value of the coalition game the attribution literature uses (a set of channels is worth the conversions
and value of the journeys whose channels all belong to it): the closed form equals enumeration over every
coalition, holds at any number of channels, and is compared with marketing-attribution-models' shapley."""

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.credit.coalitions import coalition_game, coalition_shares
from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings, path_totals
from partnerops.analytics.credit.shapley import exact_shapley, sampled_shapley

paths = st.lists(st.lists(st.sampled_from("abcdef"), min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None)
@given(paths, st.data())
def test_the_closed_form_is_the_shapley_value_of_the_coalition_game(
    walks: list[list[str]], data: st.DataObject
) -> None:
    conversions = data.draw(st.lists(st.integers(0, 5), min_size=len(walks), max_size=len(walks)))
    values = [c * 10.0 + i for i, c in enumerate(conversions)]
    journeys = Journeys.from_paths(walks, conversions, values)
    enumerated = exact_shapley(coalition_game(journeys), len(journeys.channels)).values
    closed = np.stack(path_totals(journeys, CreditModel.SHAPLEY_COALITION, CreditSettings()), axis=1)
    assert np.allclose(closed, enumerated, rtol=1e-12, atol=1e-9)


def test_each_journey_is_split_equally_among_its_distinct_channels() -> None:
    journeys = Journeys.from_paths([["a", "b", "a"], ["c"]], [3, 2], [30, 20])
    assert coalition_shares(journeys).tolist() == pytest.approx([0.25, 0.5, 0.25, 1.0])
    conversions, values = path_totals(journeys, CreditModel.SHAPLEY_COALITION, CreditSettings())
    assert conversions.tolist() == pytest.approx([1.5, 1.5, 2.0])
    assert values.tolist() == pytest.approx([15.0, 15.0, 20.0])


def test_it_stays_exact_with_more_channels_than_can_be_enumerated() -> None:
    rng = np.random.default_rng(3)
    names = [f"p{i:02d}" for i in range(16)]
    walks = [list(rng.choice(names, size=rng.integers(1, 5))) for _ in range(60)]
    journeys = Journeys.from_paths(walks, rng.integers(0, 4, size=60).tolist())
    closed = path_totals(journeys, CreditModel.SHAPLEY_COALITION, CreditSettings())[0]
    spread = np.array([journeys.conversions.sum(), 1.0])
    sampled = sampled_shapley(coalition_game(journeys), len(names), samples=400, seed=1, spread=spread)
    assert np.all(np.abs(sampled.values[:, 0] - closed) <= sampled.bound[:, 0])


def _mam_shapley(walks: list[str], conversions: list[int]) -> dict[str, float]:
    mam = pytest.importorskip("mam")
    frame = pl.DataFrame(
        {"path": walks, "has_conv": [True] * len(walks), "occurrences": conversions, "value": [0.0] * len(walks)}
    )
    model = mam.MAM(
        frame,
        "grouped_journey",
        "path",
        "has_conv",
        occurrences_colname="occurrences",
        conversion_value_colname="value",
        path_separator=" > ",
    )
    result = model.run_shapley(max_size=4, value_column="conversions").to_polars()
    return dict(zip(result["channels"], result["attribution"], strict=True))


def _ours(walks: list[str], conversions: list[int]) -> dict[str, float]:
    journeys = Journeys.from_paths([w.split(" > ") for w in walks], conversions)
    credited = path_totals(journeys, CreditModel.SHAPLEY_COALITION, CreditSettings())[0]
    return dict(zip(journeys.channels, credited.tolist(), strict=True))


def test_agrees_with_marketing_attribution_models_when_no_channel_set_holds_another() -> None:
    walks, conversions = ["a > b", "c", "d > e > d"], [3, 2, 4]
    assert _ours(walks, conversions) == pytest.approx(_mam_shapley(walks, conversions))


def test_differs_from_marketing_attribution_models_where_its_worth_is_the_exact_set() -> None:
    # marketing-attribution-models values a set at the conversions of journeys with exactly that set, in a game per
    # set: {a, b} (3) is split a 1/2 * 1 + 1/2 * (3 - 0) = 2, b 1/2 * (3 - 1) = 1, and {a} (1) gives a 1 more.
    # The literature's worth counts the journeys of every subset: {a, b} splits 1.5 / 1.5 and {a} gives a 1.
    walks, conversions = ["a > b", "c", "a"], [3, 2, 1]
    assert _mam_shapley(walks, conversions) == pytest.approx({"a": 3.0, "b": 1.0, "c": 2.0})
    assert _ours(walks, conversions) == pytest.approx({"a": 2.5, "b": 1.5, "c": 2.0})
