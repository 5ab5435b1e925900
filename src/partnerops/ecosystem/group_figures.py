"""Every figure of one group from its customers' rows (members joined with their ARR, deal and first value)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from partnerops.domain.money import Money
from partnerops.ecosystem.bootstrap import data_seed
from partnerops.ecosystem.investment import return_on_investment, window_revenue
from partnerops.ecosystem.model import GroupFigures, ProgramCost
from partnerops.ecosystem.retention import Cohort, gross_retention, lifetime_value, net_retention
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


def group_figures(key: tuple[str, str, str], rows: pl.DataFrame, costs: pl.DataFrame | None,
                  inputs: GroupInputs) -> GroupFigures:  # fmt: skip
    dimension, name, label = key
    seed = data_seed(inputs.seed, dimension, name)
    # Resampling draws rows by position: a fixed order makes the interval a function of the records alone.
    rows = rows.sort("account_id")
    paying = rows.filter(pl.col("arr_start") > 0)
    cohort = Cohort(paying["arr_start"].to_list(), paying["arr_end"].to_list(), inputs.months, inputs.draws, seed)
    closed = rows.filter(pl.col("closed_on") > inputs.starts_on, pl.col("closed_on") <= inputs.as_of)
    onboarding = Onboarding(closed["closed_on"].to_list(), closed["first_value_on"].to_list(), inputs.draws, seed)
    nrr, nrr_how = net_retention(cohort, inputs.currency)
    grr, grr_how = gross_retention(cohort, inputs.currency)
    clv, clv_how = lifetime_value(cohort, inputs.margin, inputs.currency)
    ttv, ttv_how = time_to_value(onboarding)
    revenue, revenue_how = window_revenue(_shares(rows), rows.height, inputs.currency,
                                          dimension in ("partner", "partner_type"))
    cost = None if costs is None else _cost(costs, inputs.currency)
    ropi, payback, returns_how = (None, None, ()) if cost is None else return_on_investment(
        revenue, cost, inputs.margin, inputs.months)  # fmt: skip
    return GroupFigures(
        dimension=dimension, key=name, label=label, accounts=paying.height,
        arr_start=_money(sum(cohort.start), inputs.currency), arr_end=_money(sum(cohort.end), inputs.currency),
        nrr=nrr, grr=grr, lifetime_value=clv, time_to_value_days=ttv, awaiting_value=onboarding.awaiting,
        revenue=revenue, cost=cost, ropi=ropi, payback_months=payback,
        explanations=(nrr_how, grr_how, clv_how, ttv_how, revenue_how, *returns_how),
    )  # fmt: skip


def _shares(rows: pl.DataFrame) -> list[tuple[int, int]]:
    """(Σ ARR at the points × the group's share, partners on the deal) per number of partners."""
    per = rows.group_by("partners").agg((pl.col("arr_sum") * pl.col("share")).sum().alias("arr"))
    return [(int(arr), int(partners)) for partners, arr in per.select("partners", "arr").iter_rows()]


def _cost(costs: pl.DataFrame, currency: str) -> ProgramCost:
    def total(kind: str) -> Money:
        return _money(int(costs.get_column(f"{kind}_minor").sum() or 0), currency)

    return ProgramCost(total("commissions"), total("mdf"), total("other"))


def _money(minor: int, currency: str) -> Money:
    return Money.from_minor(int(minor), currency)
