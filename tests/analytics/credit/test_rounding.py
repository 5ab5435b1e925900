"""Credits on one deal always sum exactly to its amount, for every model."""

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from partnerops.analytics.credit.deal_credit import deal_credits
from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings
from partnerops.analytics.credit.rounding import split_minor

deal = st.tuples(
    st.lists(st.integers(1, 6), min_size=1, max_size=6),  # partner ids in touch order
    st.integers(0, 10**13),  # amount in minor units
    st.booleans(),  # won
)


@given(st.lists(deal, min_size=1, max_size=12), st.sampled_from(list(CreditModel)))
def test_credits_on_each_won_deal_sum_exactly_to_its_amount(
    deals: list[tuple[list[int], int, bool]], model: CreditModel
) -> None:
    journeys = Journeys.from_paths(
        [[str(p) for p in d[0]] for d in deals],
        [float(d[2]) for d in deals],
        [float(d[1]) * d[2] for d in deals],
        [float(not d[2]) for d in deals],
    )
    ages = np.concatenate([np.arange(len(d[0]), 0, -1) * 7.0 for d in deals])
    journeys = Journeys(
        journeys.channels, journeys.offsets, journeys.steps, journeys.conversions, journeys.values, journeys.nulls, ages
    )
    frame = pl.DataFrame(
        {
            "opportunity_id": range(len(deals)),
            "amount_minor": [d[1] for d in deals],
            "outcome": ["won" if d[2] else "lost" for d in deals],
        }
    )
    credits = deal_credits(journeys, frame, model, CreditSettings())
    sums = dict(credits.group_by("opportunity_id").agg(pl.sum("credit_minor")).iter_rows())
    assert sums == {i: d[1] for i, d in enumerate(deals) if d[2]}
    assert (credits["credit_minor"] >= 0).all()


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=8), st.integers(0, 10**15))
def test_largest_remainder_is_exact_and_each_credit_within_one_unit_of_its_quota(
    weights: list[float], amount: int
) -> None:
    frame = pl.DataFrame(
        {
            "deal": [1] * len(weights),
            "partner": range(len(weights)),
            "weight": weights,
            "amount_minor": [amount] * len(weights),
        }
    )
    split = split_minor(frame, "deal", "partner").sort("partner")
    assert split["credit_minor"].sum() == amount
    total = sum(weights)
    if total > 0:
        quota = [amount * w / total for w in weights]
        assert all(abs(c - q) <= 1 + amount * 1e-9 for c, q in zip(split["credit_minor"], quota, strict=True))
