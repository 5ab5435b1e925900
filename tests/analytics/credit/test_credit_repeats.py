"""Counting each channel's steps on its journey, by table or by sorting, gives the same counts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerops.analytics.credit import journeys as journeys_module
from partnerops.analytics.credit.journeys import Journeys, channel_repeats


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=7), min_size=1, max_size=20))
def test_table_and_sorting_count_alike(paths: list[list[str]]) -> None:
    journeys = Journeys.from_paths(paths, [1.0] * len(paths))
    repeats, distinct = channel_repeats(journeys)
    assert repeats.tolist() == [path.count(step) for path in paths for step in path]
    assert distinct.tolist() == [len(set(path)) for path in paths]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journeys_module, "DENSE_KEYS", 0)
        sorted_repeats, sorted_distinct = channel_repeats(journeys)
    assert sorted_repeats.tolist() == repeats.tolist() and sorted_distinct.tolist() == distinct.tolist()
