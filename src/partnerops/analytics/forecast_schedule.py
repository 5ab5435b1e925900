"""Which deals were open on a day, at which stage, and in which forecast quarter each is due to close.

An open deal is due on its expected close. A deal that has closed since (only in a backtest) is taken as due
on the day it actually closed; its stage on the day is read from its stage history where there is one.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from partnerops.analytics.forecast_history import stage_key, stage_on
from partnerops.analytics.forecast_model import Quarter
from partnerops.domain.enums import Outcome


def quarter_holding(day: date) -> Quarter:
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return Quarter(f"{start.year}-Q{(start.month - 1) // 3 + 1}", start, following - timedelta(days=1))


def quarters_from(day: date, count: int) -> tuple[Quarter, ...]:
    """The quarter holding `day` and the `count - 1` after it."""
    quarters = [quarter_holding(day)]
    while len(quarters) < count:
        quarters.append(quarter_holding(quarters[-1].end + timedelta(days=1)))
    return tuple(quarters)


def open_on(deals: pl.DataFrame, history: pl.DataFrame, day: date, hidden_stages: list[str]) -> pl.DataFrame:
    """Deals created by `day` and not closed before it, with `due_on` and `stage_at`, their stage on `day`
    (None when unknown: a stage that names an outcome, or none entered by then)."""
    is_open = pl.col("outcome") == Outcome.OPEN.value
    hidden = pl.Series(hidden_stages, dtype=pl.String).to_frame("stage").select(stage_key(pl.col("stage")))
    alive = deals.filter((pl.col("created_on") <= day) & (is_open | (pl.col("closed_on") >= day)))
    return stage_on(alive, history, day).with_columns(
        due_on=pl.when(is_open).then(pl.col("expected_close_on")).otherwise(pl.col("closed_on")),
        stage_at=pl.when(stage_key(pl.col("stage_then")).is_in(hidden["stage"].implode())).then(None)
        .otherwise(pl.col("stage_then")),
    ).drop("stage_then")  # fmt: skip


def scheduled(open_deals: pl.DataFrame, quarters: tuple[Quarter, ...], day: date) -> pl.DataFrame:
    """`open_deals` with `quarter` (None when undated or beyond the horizon) and `past_due`."""
    past_due = pl.col("due_on") < day
    label = pl.format("{}-Q{}", pl.col("due_on").dt.year(), pl.col("due_on").dt.quarter())
    return open_deals.with_columns(
        past_due=past_due.fill_null(False),
        quarter=pl.when(past_due).then(pl.lit(quarters[0].label))
        .when(pl.col("due_on") <= quarters[-1].end).then(label).otherwise(None),
        rate_on=pl.max_horizontal(pl.col("due_on"), pl.lit(day)).fill_null(day),
    )  # fmt: skip


def horizon_notes(frame: pl.DataFrame, quarters: tuple[Quarter, ...]) -> list[str]:
    """Plain sentences on the open deals moved into the first quarter or left out of the forecast."""
    past_due = int(frame["past_due"].sum())
    undated = int(frame["due_on"].is_null().sum())
    beyond = frame.filter(pl.col("quarter").is_null()).height - undated
    unknown = frame.filter(pl.col("quarter").is_not_null() & pl.col("amount_minor").is_null()).height
    notes = []
    if unknown:
        notes.append(
            f"{unknown} open deal{_s(unknown)} with an unknown amount counted in the deals but not in the "
            "pipeline or expected amounts (the figures show how many beside the sums)"
        )
    if past_due:
        notes.append(
            f"{past_due} open deal{_s(past_due)} past due (expected close before the forecast date) "
            f"counted in {quarters[0].label} and flagged as past due"
        )
    if undated:
        notes.append(f"{undated} open deal{_s(undated)} without an expected close date left out of the forecast")
    if beyond:
        notes.append(f"{beyond} open deal{_s(beyond)} expected to close after {quarters[-1].end} left out")
    return notes


def _s(count: int) -> str:
    return "" if count == 1 else "s"
