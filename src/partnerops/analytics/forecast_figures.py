"""Turning grouped deals into forecast figures: counts, pipeline and exact expected won amounts as Money."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import polars as pl

from partnerops.analytics.forecast_model import ForecastFigure
from partnerops.analytics.forecast_simulation import IntArray
from partnerops.domain.money import Money


def expected_minor(members: pl.DataFrame, deals: pl.DataFrame) -> dict[int, Fraction]:
    """Per group, the exact sum of probability x amount in minor units (probability = won / closed); a deal of
    unknown amount adds nothing."""
    known = deals.filter(pl.col("value_minor").is_not_null())
    per_source = (
        members.join(known.select("row", "value_minor", "source_won", "source_closed"), on="row")
        .group_by("group", "source_won", "source_closed")
        .agg(pl.col("value_minor").sum())
    )
    expected: dict[int, Fraction] = {}
    # One row per (group, probability source): a handful per group, never one per deal.
    for group, won, closed, value in per_source.iter_rows():
        expected[group] = expected.get(group, Fraction(0)) + Fraction(value * won, closed)
    return expected


def group_totals(members: pl.DataFrame, deals: pl.DataFrame) -> pl.DataFrame:
    """Per group: deals, past_due deals, unknown_amount (deals whose amount is unknown), pipeline (sum of the
    known amounts in minor units)."""
    return (
        members.join(deals.select("row", "value_minor", "past_due"), on="row")
        .group_by("group")
        .agg(
            deals=pl.len().cast(pl.Int64),
            past_due=pl.col("past_due").cast(pl.Int64).sum(),
            unknown_amount=pl.col("value_minor").is_null().cast(pl.Int64).sum(),
            pipeline=pl.col("value_minor").fill_null(0).sum(),
        )
    )


def build_figures(
    groups: pl.DataFrame, totals: pl.DataFrame, expected: dict[int, Fraction], bounds: tuple[IntArray, IntArray],
    currency: str,
) -> tuple[ForecastFigure, ...]:  # fmt: skip
    """One figure per group, in the order of `groups`."""
    rows = groups.join(totals, on="group", how="left").fill_null(0).sort("group")
    low, high = bounds

    def money(minor: int | np.int64) -> Money:
        return Money.from_minor(int(minor), currency)

    return tuple(
        ForecastFigure(
            quarter=row["quarter"], dimension=row["dimension"], key=row["key"], label=row["label"],
            deals=row["deals"], past_due=row["past_due"], unknown_amount=row["unknown_amount"],
            pipeline=money(row["pipeline"]),
            expected=money(round(expected.get(row["group"], Fraction(0)))),
            low=money(low[row["group"]]), high=money(high[row["group"]]),
        )
        for row in rows.iter_rows(named=True)
    )  # fmt: skip
