"""Movements between month points: the vectorised classification agrees with the one-step rule, and a term that
starts while the customer pays is a renewal of the ARR it keeps."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from partnerops.ecosystem.movements import (
    arr_at_points,
    arr_levels,
    month_points,
    monthly_movements,
    movement_of,
    movement_totals,
)

LEVELS = st.lists(st.lists(st.sampled_from([0, 1200, 2400, 3600]), min_size=3, max_size=3), min_size=1, max_size=8)


@given(LEVELS)
def test_every_step_is_classified_as_the_one_step_rule_says(customers: list[list[int]]) -> None:
    points = [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    levels = pl.DataFrame(
        [(account, day, arr) for account, row in enumerate(customers) for day, arr in zip(points, row, strict=True)],
        schema={"account_id": pl.Int64, "point": pl.Date, "arr_minor": pl.Int64}, orient="row")
    no_terms = pl.DataFrame(schema={"account_id": pl.Int64, "starts_on": pl.Date, "interval": pl.String})
    steps = monthly_movements(levels, no_terms).sort("account_id", "point")
    expected = [movement_of(row[i], row[i + 1]) for row in customers for i in range(2)]
    got = [None if m is None else (m, moved) for m, moved in steps.select("movement", "moved_minor").iter_rows()]
    assert got == expected


def test_a_yearly_term_starting_while_the_customer_pays_is_a_renewal_of_the_arr_kept() -> None:
    arr = pl.DataFrame({"account_id": [1, 1], "starts_on": [date(2025, 3, 15), date(2026, 3, 15)],
                        "ends_on": [date(2026, 3, 15), date(2027, 3, 15)], "interval": ["year", "year"],
                        "arr_minor": [12_000, 15_000]})  # fmt: skip
    points = month_points(date(2026, 6, 30), 6)
    assert points[3] == date(2026, 3, 30)  # each point is the report day's date in its month
    steps = monthly_movements(arr_at_points(arr, points), arr)
    march = steps.filter(pl.col("point") == points[3]).row(0, named=True)
    assert (march["movement"], march["moved_minor"], march["renewed_minor"]) == ("expansion", 3_000, 12_000)
    assert steps.filter(pl.col("point") != points[3])["renewed_minor"].sum() == 0


DAYS = st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 8, 1))
PERIODS = st.lists(st.tuples(st.integers(1, 3), DAYS, st.one_of(st.none(), st.integers(1, 200)),
                             st.integers(1, 5_000)), min_size=1, max_size=12)  # fmt: skip


@given(PERIODS)
def test_a_customers_arr_at_a_point_is_the_sum_of_the_periods_covering_it(periods: list[tuple[int, date, int | None,
                                                                                               int]]) -> None:
    from datetime import timedelta

    rows = [(account, start, None if days is None else start + timedelta(days=days), arr)
            for account, start, days, arr in periods]  # fmt: skip
    arr = pl.DataFrame(rows, schema={"account_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date,
                                     "arr_minor": pl.Int64}, orient="row")  # fmt: skip
    points = month_points(date(2026, 6, 30), 6)
    levels = {(a, p): v for a, p, v in arr_at_points(arr, points).iter_rows()}
    for account in {r[0] for r in rows}:
        for point in points:
            covering = sum(v for a, s, e, v in rows if a == account and s <= point and (e is None or point < e))
            assert levels[(account, point)] == covering


TERM_PERIODS = st.lists(st.tuples(st.integers(1, 4), DAYS, st.one_of(st.none(), st.integers(1, 400)),
                                  st.integers(-2_000, 5_000), st.sampled_from(["month", "quarter", "year"])),
                        min_size=1, max_size=16)  # fmt: skip


@given(TERM_PERIODS)
def test_the_movement_totals_are_the_per_customer_movements_summed_by_step(
        periods: list[tuple[int, date, int | None, int, str]]) -> None:  # fmt: skip
    from datetime import timedelta

    rows = [(account, start, None if days is None else start + timedelta(days=days), interval, arr)
            for account, start, days, arr, interval in periods]  # fmt: skip
    arr = pl.DataFrame(rows, schema={"account_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date,
                                     "interval": pl.String, "arr_minor": pl.Int64}, orient="row")  # fmt: skip
    points = month_points(date(2026, 6, 30), 6)
    steps = monthly_movements(arr_at_points(arr, points), arr)
    totals = movement_totals(arr_levels(arr, points), arr)
    for row in totals.iter_rows(named=True):
        step = steps.filter(pl.col("point") == row["point"])
        for name in ("new", "expansion", "contraction", "churn"):
            assert row[name] == step.filter(pl.col("movement") == name)["moved_minor"].sum(), (name, row["point"])
        assert row["renewal"] == step["renewed_minor"].sum()
    assert totals["point"].to_list() == points[1:]
