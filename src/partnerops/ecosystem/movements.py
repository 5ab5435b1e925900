"""Each customer's ARR at month points and how it moved between them.

A customer's ARR on a day is the sum of its revenue periods that cover the day (starts_on <= day < ends_on).
Between two consecutive points: new (from nothing), expansion (up), contraction (down, not to nothing), churn
(to nothing); renewal when a quarter or year term starts inside the step while the customer was paying, for the
ARR kept (the smaller of the two levels). `movement_of` states the rule for one step; `monthly_movements` applies
it to every customer at once and must agree with it (tests/ecosystem/test_movements.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np
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


def arr_at_points(arr: pl.DataFrame, points: list[date]) -> pl.DataFrame:
    """account_id, point, arr_minor for every customer with revenue and every point (0 where nothing ran), in
    account and point order.

    A period covers the points from the first on or after its start to the last before its end, a run of the
    sorted points: it adds its ARR at the run's first point and takes it away after its last, and each customer's
    running sum over the points is its level, without pairing every period with every point."""
    days = pl.Series("point", points, dtype=pl.Date)
    starts = days.search_sorted(arr.get_column("starts_on"), side="left").to_numpy().astype(np.int64)
    ends = days.search_sorted(arr.get_column("ends_on").fill_null(date.max), side="left").to_numpy().astype(np.int64)
    # A period that ends before it starts covers nothing (the import refuses one; this keeps the sums honest).
    ends = np.maximum(ends, starts)
    accounts, row = np.unique(arr.get_column("account_id").to_numpy(), return_inverse=True)
    amounts = arr.get_column("arr_minor").to_numpy().astype(np.int64)
    changes = np.zeros((accounts.size, len(points) + 1), dtype=np.int64)
    np.add.at(changes, (row, starts), amounts)
    np.add.at(changes, (row, ends), -amounts)
    levels = changes[:, :-1].cumsum(axis=1)
    days_np = np.array(points, dtype="datetime64[D]")
    return pl.DataFrame({"account_id": np.repeat(accounts, len(points)).astype(np.int64),
                         "point": np.tile(days_np, accounts.size), "arr_minor": levels.ravel()})


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
