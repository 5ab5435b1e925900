"""Each customer's ARR at month points and how it moved between them.

A customer's ARR on a day is the sum of its revenue periods that cover the day (starts_on <= day < ends_on).
Between two consecutive points: new (from nothing), expansion (up), contraction (down, not to nothing), churn
(to nothing); renewal when a quarter or year term starts inside the step while the customer was paying, for the
ARR kept (the smaller of the two levels). `movement_of` states the rule for one step; `monthly_movements` applies
it to every customer at once and must agree with it, and `movement_totals` sums it per step for the report and
must agree with `monthly_movements` (tests/ecosystem/test_movements.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

from partnerops.program.periods import months_before

MOVEMENTS = ("new", "expansion", "contraction", "churn")
TERMS = ("quarter", "year")


def movement_of(before: int, after: int) -> tuple[str, int] | None:
    """The movement from ARR `before` to ARR `after` (minor units) and the ARR it moved; None when level."""
    if before == after:
        return None
    if before == 0:
        return "new", after
    if after == 0:
        return "churn", before
    return ("expansion", after - before) if after > before else ("contraction", before - after)


def month_points(as_of: date, months: int) -> list[date]:
    """The days ARR is read on: `months` months before `as_of`, each month after it, and `as_of` itself."""
    return [months_before(as_of, back) for back in range(months, 0, -1)] + [as_of]


@dataclass(frozen=True)
class Levels:
    """Every customer with revenue at every point: `accounts` (ascending ids) and `arr`, one row per point and one
    column per account (minor units)."""

    points: list[date]
    accounts: npt.NDArray[np.int64]
    arr: npt.NDArray[np.int64]


def arr_levels(arr: pl.DataFrame, points: list[date]) -> Levels:
    """Each customer's ARR at each point.

    A period covers the points from the first on or after its start to the last before its end, a run of the
    sorted points: it adds its ARR at the run's first point and takes it away after its last, and each customer's
    running sum over the points is its level, without pairing every period with every point."""
    days = pl.Series("point", points, dtype=pl.Date)
    starts = days.search_sorted(arr.get_column("starts_on"), side="left").to_numpy().astype(np.int64)
    ends = days.search_sorted(arr.get_column("ends_on").fill_null(date.max), side="left").to_numpy().astype(np.int64)
    # A period that ends before it starts covers nothing (the import refuses one; this keeps the sums honest).
    ends = np.maximum(ends, starts)
    accounts, column = _accounts(arr.get_column("account_id").to_numpy().astype(np.int64))
    amounts = arr.get_column("arr_minor").to_numpy().astype(np.int64)
    changes = np.zeros((len(points) + 1) * accounts.size, dtype=np.int64)
    np.add.at(changes, starts * accounts.size + column, amounts)
    np.add.at(changes, ends * accounts.size + column, -amounts)
    levels = changes.reshape(len(points) + 1, accounts.size)[:-1]
    return Levels(points, accounts, np.cumsum(levels, axis=0, out=levels))


def _accounts(ids: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct ids in ascending order and each row's place among them (without a sort when the rows come in
    account order, as the store and the import give them)."""
    if ids.size and bool(np.all(ids[1:] >= ids[:-1])):
        first = np.empty(ids.size, dtype=bool)
        first[0] = True
        np.not_equal(ids[1:], ids[:-1], out=first[1:])
        return ids[first], np.cumsum(first) - 1
    accounts, place = np.unique(ids, return_inverse=True)
    return accounts, place.astype(np.int64)


def arr_at_points(arr: pl.DataFrame, points: list[date]) -> pl.DataFrame:
    """account_id, point, arr_minor for every customer with revenue and every point (0 where nothing ran), in
    account and point order (`arr_levels` as rows)."""
    levels = arr_levels(arr, points)
    days = np.array(points, dtype="datetime64[D]")
    return pl.DataFrame({"account_id": np.repeat(levels.accounts, len(points)),
                         "point": np.tile(days, levels.accounts.size), "arr_minor": levels.arr.T.ravel()})


def movement_totals(levels: Levels, arr: pl.DataFrame) -> pl.DataFrame:
    """Per step (the point it ends on): the ARR each movement moved and the ARR renewed, over all customers: the
    sums of `monthly_movements` by step, each step from two rows of the levels."""
    renewed = _renewed(levels, arr)
    totals: dict[str, list[int]] = {name: [] for name in (*MOVEMENTS, "renewal")}
    for step, (before, after) in enumerate(zip(levels.arr[:-1], levels.arr[1:], strict=True)):
        had, has = before != 0, after != 0
        both, change = had & has, after - before
        up = change > 0
        kept = renewed[step] & (before > 0) & (after > 0)
        totals["new"].append(int(np.abs(after[~had]).sum()))
        totals["expansion"].append(int(change[both & up].sum()))
        totals["contraction"].append(int(-change[both & ~up].sum()))
        totals["churn"].append(int(np.abs(before[~has]).sum()))
        totals["renewal"].append(int(np.minimum(before[kept], after[kept]).sum()))
    return pl.DataFrame({"point": pl.Series(levels.points[1:], dtype=pl.Date)} | {
        name: pl.Series(values, dtype=pl.Int64) for name, values in totals.items()})


def _renewed(levels: Levels, arr: pl.DataFrame) -> npt.NDArray[np.bool_]:
    """Per step and customer: a quarter or year term started in the step (after the point before, on or before
    its point)."""
    found = np.zeros((max(len(levels.points) - 1, 0), levels.accounts.size), dtype=bool)
    terms = arr.filter(pl.col("interval").is_in(TERMS))
    if terms.height == 0 or found.size == 0:
        return found
    days = pl.Series("point", levels.points, dtype=pl.Date)
    step = days.search_sorted(terms.get_column("starts_on"), side="left").to_numpy().astype(np.int64)
    column = np.searchsorted(levels.accounts, terms.get_column("account_id").to_numpy().astype(np.int64))
    inside = (step >= 1) & (step < len(levels.points))
    found[step[inside] - 1, column[inside]] = True
    return found


def monthly_movements(levels: pl.DataFrame, arr: pl.DataFrame) -> pl.DataFrame:
    """Per customer and step (the point it ends on): before, after, movement (null when level), moved_minor and
    renewed_minor (the ARR kept by a term that started in the step). `levels` holds every customer at every point
    in account and point order, as `arr_at_points` gives them."""
    first = pl.col("account_id") != pl.col("account_id").shift(1)
    steps = levels.with_columns(before=pl.when(first).then(None).otherwise(pl.col("arr_minor").shift(1)),
                                starts_after=pl.col("point").shift(1))  # fmt: skip
    steps = steps.filter(pl.col("before").is_not_null()).rename({"arr_minor": "after"})
    before, after = pl.col("before"), pl.col("after")
    movement = (pl.when(before == after).then(None).when(before == 0).then(pl.lit("new"))
                .when(after == 0).then(pl.lit("churn")).when(after > before).then(pl.lit("expansion"))
                .otherwise(pl.lit("contraction")))  # fmt: skip
    steps = steps.with_columns(movement=movement, moved_minor=(after - before).abs())
    return _renewals(steps, arr)


def _renewals(steps: pl.DataFrame, arr: pl.DataFrame) -> pl.DataFrame:
    terms = arr.filter(pl.col("interval").is_in(TERMS)).select("account_id", "starts_on")
    started = (steps.select("account_id", "point", "starts_after").join(terms, on="account_id")
               .filter((pl.col("starts_on") > pl.col("starts_after")) & (pl.col("starts_on") <= pl.col("point")))
               .select("account_id", "point").unique().with_columns(renewed=pl.lit(True)))  # fmt: skip
    kept = pl.min_horizontal("before", "after")
    return (steps.join(started, on=["account_id", "point"], how="left")
            .with_columns(renewed_minor=pl.when(pl.col("renewed") & (pl.col("before") > 0) & (pl.col("after") > 0))
                          .then(kept).otherwise(0))
            .drop("renewed", "starts_after"))  # fmt: skip
