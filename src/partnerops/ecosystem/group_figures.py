"""Every figure of every group from its customers' rows (members joined with their ARR, deal and first value),
gathered for all groups at once: by Polars here, or by an analytics engine into the same tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from partnerops.domain.money import Money
from partnerops.ecosystem.bootstrap import data_seed
from partnerops.ecosystem.investment import return_on_investment, window_revenue
from partnerops.ecosystem.model import GroupFigures, ProgramCost
from partnerops.ecosystem.retention import Cohort, Floats, gross_retention, lifetime_value, net_retention
from partnerops.ecosystem.time_to_value import Onboarding, time_to_value


@dataclass(frozen=True)
class GroupInputs:
    """What every group's figures share: currency, window, margin and the bootstrap's draws and data seed."""

    currency: str
    starts_on: date
    as_of: date
    months: int
    margin: Decimal
    draws: int
    seed: int


@dataclass(frozen=True)
class GroupTables:
    """Every group's inputs, from the default path (`group_tables`) or an analytics engine, one row per group:

    `sums`: dimension, key, label; its cohort's size, start, end, kept and churned (ARR sums in minor units);
    reached, median_days, shortest and longest (days from close to first value of the customers whose first deal
    closed in the window, null when none reached it); awaiting (those without a value event) and customers.
    `shares`: dimension, key, label, partners, arr: Σ ARR × share at the points after the start per number of
    partners on the deal (`investment.window_revenue`).
    `drawn`, only when intervals are drawn: dimension, key, label and the lists starts, ends (the cohort's ARR at
    the start and end) and days, in account order (`drawn_lists`)."""

    sums: pl.DataFrame
    shares: pl.DataFrame
    drawn: pl.DataFrame | None = None


GROUP = ("dimension", "key", "label")


def group_tables(joined: pl.DataFrame, window: tuple[date, date], draws: int) -> GroupTables:
    """The groups' inputs from their customers' rows (members joined with ARR, deal and first value), each table
    in one group-by; the days to first value count for the customers whose first deal closed in `window` (after
    its first day, on or before its last)."""
    paying = pl.col("arr_start") > 0
    onboarded = (pl.col("closed_on") > window[0]) & (pl.col("closed_on") <= window[1])
    reached = onboarded & pl.col("first_value_on").is_not_null()
    days = (pl.col("first_value_on") - pl.col("closed_on")).dt.total_days().clip(lower_bound=0)
    # Each figure a plain sum, count, median or extreme of a column: the group-by's fast path.
    joined = joined.with_columns(
        days=pl.when(reached).then(days), paying=paying.cast(pl.Int64),
        start=pl.when(paying).then(pl.col("arr_start")).otherwise(0),
        end=pl.when(paying).then(pl.col("arr_end")).otherwise(0),
        kept=pl.when(paying).then(pl.min_horizontal("arr_start", "arr_end")).otherwise(0),
        churned=(paying & (pl.col("arr_end") == 0)).cast(pl.Int64),
        awaiting=(onboarded & pl.col("first_value_on").is_null()).cast(pl.Int64))  # fmt: skip
    sums = joined.group_by(GROUP).agg(
        pl.col("paying").sum().alias("size"), pl.col("start", "end", "kept", "churned").sum(),
        reached=pl.col("days").count().cast(pl.Int64), median_days=pl.col("days").median(),
        shortest=pl.col("days").min(), longest=pl.col("days").max(), awaiting=pl.col("awaiting").sum(),
        customers=pl.len().cast(pl.Int64))  # fmt: skip
    shares = joined.group_by(*GROUP, "partners").agg(arr=(pl.col("arr_sum") * pl.col("share")).sum())
    drawn = drawn_lists(joined.select(*GROUP, "account_id", "arr_start", "arr_end", "days")) if draws else None
    return GroupTables(sums, shares, drawn)


def drawn_lists(rows: pl.DataFrame) -> pl.DataFrame:
    """Per group, what the bootstrap resamples, in account order: starts and ends (ARR at the start and end of the
    customers paying at the start) and days (to first value, of those that reached it). `rows`: dimension, key,
    label, account_id, arr_start, arr_end, days (null where not reached)."""
    paying = pl.col("arr_start") > 0
    return rows.sort("account_id").group_by(GROUP).agg(
        starts=pl.col("arr_start").filter(paying), ends=pl.col("arr_end").filter(paying),
        days=pl.col("days").drop_nulls())  # fmt: skip


def group_rows(tables: GroupTables) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Each group's row of `sums`, with its `shares` as (arr, partners) pairs and, when drawn, its lists."""
    by_group: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for dimension, key, label, partners, arr in tables.shares.select(*GROUP, "partners", "arr").iter_rows():
        by_group.setdefault((dimension, key, label), []).append((int(arr), int(partners)))
    rows = {(row["dimension"], row["key"], row["label"]): row for row in tables.sums.iter_rows(named=True)}
    for key, row in rows.items():
        row["shares"] = by_group.get(key, [])
    if tables.drawn is not None:
        for row in tables.drawn.iter_rows(named=True):
            rows[(row["dimension"], row["key"], row["label"])].update(
                starts=row["starts"], ends=row["ends"], days=row["days"])
    return rows


EMPTY: dict[str, Any] = {"size": 0, "start": 0, "end": 0, "kept": 0, "churned": 0, "reached": 0, "median_days": None,
                         "shortest": None, "longest": None, "awaiting": 0, "customers": 0, "shares": []}  # fmt: skip


def group_figures(key: tuple[str, str, str], row: dict[str, Any], costs: tuple[int, int, int] | None,
                  inputs: GroupInputs) -> GroupFigures:  # fmt: skip
    """The figures of group `key` from its `group_rows` entry (EMPTY for a group with costs but no customers);
    `costs` are the commissions, MDF and other costs of its partners (None outside partner groups)."""
    dimension, name, label = key
    seed = data_seed(inputs.seed, dimension, name)
    cohort = Cohort(int(row["size"]), int(row["start"]), int(row["end"]), int(row["kept"]), int(row["churned"]),
                    inputs.months, inputs.margin, inputs.draws, seed, *_drawn(row))  # fmt: skip
    onboarding = Onboarding(int(row["reached"]), row["median_days"], _whole(row["shortest"]), _whole(row["longest"]),
                            int(row["awaiting"]), inputs.draws, seed, _floats(row.get("days")))  # fmt: skip
    nrr, nrr_how = net_retention(cohort, inputs.currency)
    grr, grr_how = gross_retention(cohort, inputs.currency)
    clv, clv_how = lifetime_value(cohort, inputs.currency)
    ttv, ttv_how = time_to_value(onboarding)
    revenue, revenue_how = window_revenue(row["shares"], row["customers"], inputs.currency,
                                          dimension in ("partner", "partner_type"))  # fmt: skip
    cost = None if costs is None else ProgramCost(*(_money(minor, inputs.currency) for minor in costs))
    ropi, payback, returns_how = (None, None, ()) if cost is None else return_on_investment(
        revenue, cost, inputs.margin, inputs.months)  # fmt: skip
    return GroupFigures(
        dimension=dimension, key=name, label=label, accounts=cohort.size,
        arr_start=_money(cohort.start, inputs.currency), arr_end=_money(cohort.end, inputs.currency),
        nrr=nrr, grr=grr, lifetime_value=clv, time_to_value_days=ttv, awaiting_value=onboarding.awaiting,
        revenue=revenue, cost=cost, ropi=ropi, payback_months=payback,
        explanations=(nrr_how, grr_how, clv_how, ttv_how, revenue_how, *returns_how),
    )  # fmt: skip


def _drawn(row: dict[str, Any]) -> tuple[Floats, Floats]:
    """Each cohort customer's ARR at the start and end, when the bootstrap needs them."""
    return _floats(row.get("starts")), _floats(row.get("ends"))


def _floats(values: list[int] | None) -> Floats:
    return np.array(values or [], dtype=np.float64)


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _money(minor: int, currency: str) -> Money:
    return Money.from_minor(int(minor), currency)
