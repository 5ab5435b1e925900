"""Every figure of every group from its customers' rows (members joined with their ARR, deal and first value),
gathered for all groups in one pass."""

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


def group_rows(joined: pl.DataFrame, inputs: GroupInputs) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Per group, in one pass: its cohort's size and ARR sums (and, when intervals are drawn, each customer's ARR
    at the start and end in account order), the days to first value of the customers whose first deal closed in
    the window and how many still await it, how many customers it has, and its revenue shares (`_shares`)."""
    paying = pl.col("arr_start") > 0
    onboarded = (pl.col("closed_on") > inputs.starts_on) & (pl.col("closed_on") <= inputs.as_of)
    reached = onboarded & pl.col("first_value_on").is_not_null()
    days = (pl.col("first_value_on") - pl.col("closed_on")).dt.total_days().clip(lower_bound=0)
    keys = ("dimension", "key", "label")
    drawn = [pl.col("arr_start").filter(paying).alias("starts"), pl.col("arr_end").filter(paying).alias("ends")]
    lists = joined.sort("account_id").group_by(keys).agg(
        *(drawn if inputs.draws else []), size=paying.sum(), start=pl.col("arr_start").filter(paying).sum(),
        end=pl.col("arr_end").filter(paying).sum(),
        kept=pl.min_horizontal("arr_start", "arr_end").filter(paying).sum(),
        churned=(paying & (pl.col("arr_end") == 0)).sum(), days=days.filter(reached),
        awaiting=(onboarded & pl.col("first_value_on").is_null()).sum(), customers=pl.len())  # fmt: skip
    shares = joined.group_by(*keys, "partners").agg(arr=(pl.col("arr_sum") * pl.col("share")).sum())
    by_group: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for dimension, key, label, partners, arr in shares.iter_rows():
        by_group.setdefault((dimension, key, label), []).append((int(arr), int(partners)))
    return {(row["dimension"], row["key"], row["label"]): row | {"shares": by_group[(row["dimension"], row["key"],
            row["label"])]} for row in lists.iter_rows(named=True)}  # fmt: skip


EMPTY: dict[str, Any] = {"size": 0, "start": 0, "end": 0, "kept": 0, "churned": 0, "days": [], "awaiting": 0,
                         "customers": 0, "shares": []}  # fmt: skip


def group_figures(key: tuple[str, str, str], row: dict[str, Any], costs: pl.DataFrame | None,
                  inputs: GroupInputs) -> GroupFigures:  # fmt: skip
    """The figures of group `key` from its `group_rows` entry (EMPTY for a group with costs but no customers)."""
    dimension, name, label = key
    seed = data_seed(inputs.seed, dimension, name)
    cohort = Cohort(int(row["size"]), int(row["start"]), int(row["end"]), int(row["kept"]), int(row["churned"]),
                    inputs.months, inputs.margin, inputs.draws, seed, *_drawn(row))  # fmt: skip
    onboarding = Onboarding([int(d) for d in row["days"]], int(row["awaiting"]), inputs.draws, seed)
    nrr, nrr_how = net_retention(cohort, inputs.currency)
    grr, grr_how = gross_retention(cohort, inputs.currency)
    clv, clv_how = lifetime_value(cohort, inputs.currency)
    ttv, ttv_how = time_to_value(onboarding)
    revenue, revenue_how = window_revenue(row["shares"], row["customers"], inputs.currency,
                                          dimension in ("partner", "partner_type"))  # fmt: skip
    cost = None if costs is None else _cost(costs, inputs.currency)
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
    starts, ends = row.get("starts") or [], row.get("ends") or []
    return np.array(starts, dtype=np.float64), np.array(ends, dtype=np.float64)


def _cost(costs: pl.DataFrame, currency: str) -> ProgramCost:
    def total(kind: str) -> Money:
        return _money(int(costs.get_column(f"{kind}_minor").sum() or 0), currency)

    return ProgramCost(total("commissions"), total("mdf"), total("other"))


def _money(minor: int, currency: str) -> Money:
    return Money.from_minor(int(minor), currency)
