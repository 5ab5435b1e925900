"""The ecosystem report: retention, lifetime value, time to first value and the return on partner investment of
the customers each partner, partner type, tier and source brought, over a window of months ending on a day."""

from __future__ import annotations

import collections
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select

from partnerops.analytics.currency import load_rates, reporting_currency_code
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_partner
from partnerops.domain.money import Money
from partnerops.ecosystem.bootstrap import data_seed
from partnerops.ecosystem.costs import partner_costs
from partnerops.ecosystem.group_figures import EMPTY, GroupInputs, group_figures, group_rows
from partnerops.ecosystem.groups import members
from partnerops.ecosystem.inputs import acquiring_deals, deal_partners, first_value, revenue_arr
from partnerops.ecosystem.marketplace_revenue import marketplace_revenue
from partnerops.ecosystem.model import DIMENSIONS, EcosystemReport, MonthMovements
from partnerops.ecosystem.movements import arr_at_points, month_points, monthly_movements
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import partners


class InvalidEcosystemOption(ValueError):
    """An option the report cannot use (months below 1, a margin outside 0..1, draws below 0)."""


@dataclass(frozen=True)
class EcosystemOptions:
    currency: str = "USD"
    as_of: date | None = None
    months: int = 12
    margin: Decimal = Decimal(1)
    policy_version: str | None = None
    draws: int = 1000

    def checked(self) -> EcosystemOptions:
        if self.months < 1:
            raise InvalidEcosystemOption(f"--months {self.months}: the window needs at least one month")
        if not Decimal(0) < self.margin <= Decimal(1):
            raise InvalidEcosystemOption(f"--margin {self.margin}: give the gross margin as a share, above 0 "
                                         "and at most 1 (0.8 for 80%)")  # fmt: skip
        if self.draws < 0:
            raise InvalidEcosystemOption(f"--draws {self.draws}: give 0 (no intervals) or more")
        return self


@dataclass(frozen=True)
class EcosystemInputs:
    """What the report reads from the store, as frames (see ecosystem/inputs.py and ecosystem/costs.py)."""

    arr: pl.DataFrame
    deals: pl.DataFrame
    on_deals: pl.DataFrame
    values: pl.DataFrame
    costs: pl.DataFrame


def ecosystem_report(engine: Engine, options: EcosystemOptions) -> EcosystemReport:
    options = options.checked()
    as_of = options.as_of or date.today()
    starts_on = month_points(as_of, options.months)[0]
    with engine.connect() as conn:
        currency = reporting_currency_code(conn, options.currency)
        run = find_run(conn, options.policy_version)
        rates = load_rates(conn, currency)
        inputs = EcosystemInputs(
            arr=revenue_arr(conn, rates, currency, as_of), deals=acquiring_deals(conn, run.id),
            on_deals=deal_partners(conn, run.id), values=first_value(conn),
            costs=_named_costs(conn, partner_costs(conn, rates, currency, (starts_on, as_of))),
        )  # fmt: skip
        through_marketplaces = marketplace_revenue(conn, rates, currency, (starts_on, as_of))
    report = build_report(inputs, options, currency, as_of, run.policy_version)
    return replace(report, marketplaces=through_marketplaces)


def build_report(inputs: EcosystemInputs, options: EcosystemOptions, currency: str, as_of: date,
                 policy_version: str) -> EcosystemReport:  # fmt: skip
    """The report from its inputs, every figure computed here (no store access)."""
    points = month_points(as_of, options.months)
    levels = arr_at_points(inputs.arr, points)
    customers = _customers(levels, inputs.deals, inputs.values, points)
    seed = data_seed(*(customers.get_column(name).to_numpy() for name in ("account_id", "arr_start", "arr_end")))
    shared = GroupInputs(currency, points[0], as_of, options.months, options.margin, options.draws, seed)
    rows = group_rows(members(customers, inputs.on_deals).join(customers, on="account_id"), shared)
    costs = _costs_by_group(inputs.costs)
    groups = [group_figures(key, rows.get(key, EMPTY), costs[key[:2]] if key[0] in _PAID else None, shared)
              for key in _group_keys(rows, inputs.costs)]  # fmt: skip
    return EcosystemReport(
        currency=currency, as_of=as_of, starts_on=points[0], months=options.months, margin=options.margin,
        policy_version=policy_version, draws=options.draws, seed=seed, groups=tuple(groups),
        movements=_movements(monthly_movements(levels, inputs.arr), currency),
        cautions=_cautions(customers, inputs.arr),
    )  # fmt: skip


def _customers(levels: pl.DataFrame, deals: pl.DataFrame, values: pl.DataFrame, points: list[date]) -> pl.DataFrame:
    """Per customer (revenue or a won deal): arr_start, arr_end, arr_sum (ARR summed over the points after the
    start), opportunity_id, closed_on, tier, first_value_on."""
    start, end = points[0], points[-1]
    arr = levels.group_by("account_id").agg(
        arr_start=pl.col("arr_minor").filter(pl.col("point") == start).sum(),
        arr_end=pl.col("arr_minor").filter(pl.col("point") == end).sum(),
        arr_sum=pl.col("arr_minor").filter(pl.col("point") > start).sum(),
    )
    both = arr.join(deals, on="account_id", how="full", coalesce=True).join(values, on="account_id", how="left")
    return both.with_columns(pl.col("arr_start", "arr_end", "arr_sum").fill_null(0)).sort("account_id")


def _named_costs(conn: Connection, costs: pl.DataFrame) -> pl.DataFrame:
    """The costs with each partner's ref, name and type; a partner its source deleted counts in no figure."""
    p = partners.c
    names = read_frame(conn, select(p.id.label("partner_id"), p.external_id.label("partner_ref"),
                                    p.name.label("partner"), p.type.label("partner_type")).where(live_partner()))
    return costs.join(names, on="partner_id")


def _group_keys(rows: dict[tuple[str, str, str], Any], costs: pl.DataFrame) -> list[tuple[str, str, str]]:
    """Every group's (dimension, key, label) in report order; partners and types with costs but no customers get
    a group of their own."""
    found = set(rows)
    for row in costs.iter_rows(named=True):
        found.add(("partner", row["partner_ref"], row["partner"]))
        found.add(("partner_type", row["partner_type"], row["partner_type"]))
    order = {"source": ("partner_sourced", "partner_attached", "direct"),
             "tier": ("sourced", "co_sell", "influence", "direct")}  # fmt: skip

    def place(key: tuple[str, str, str]) -> tuple[int, int, str]:
        within = order.get(key[0], ())
        return DIMENSIONS.index(key[0]), within.index(key[1]) if key[1] in within else 0, key[2].casefold()

    return sorted(found, key=place)


# Program costs are per partner: its partner and partner-type groups answer for them, the other groups not.
_PAID = ("partner", "partner_type")


def _costs_by_group(costs: pl.DataFrame) -> dict[tuple[str, str], pl.DataFrame]:
    """Each partner's costs under ("partner", its ref), and each partner type's under ("partner_type", type); a
    partner group without costs answers for none (an empty frame)."""
    found: dict[tuple[str, str], pl.DataFrame] = collections.defaultdict(costs.clear)
    for dimension, column in zip(_PAID, ("partner_ref", "partner_type"), strict=True):
        for (value,), rows in costs.group_by(column):
            found[(dimension, str(value))] = rows
    return found


def _movements(steps: pl.DataFrame, currency: str) -> tuple[MonthMovements, ...]:
    per = steps.group_by("point").agg(
        *[pl.col("moved_minor").filter(pl.col("movement") == name).sum().alias(name)
          for name in ("new", "expansion", "contraction", "churn")],
        renewal=pl.col("renewed_minor").sum(),
    ).sort("point")  # fmt: skip

    def money(value: int) -> Money:
        return Money.from_minor(int(value), currency)

    return tuple(MonthMovements(row["point"], money(row["new"]), money(row["expansion"]), money(row["contraction"]),
                                money(row["churn"]), money(row["renewal"])) for row in per.iter_rows(named=True))


def _cautions(customers: pl.DataFrame, arr: pl.DataFrame) -> tuple[str, ...]:
    notes = []
    if arr.height == 0:
        notes.append("no revenue is imported: import it with `partnerops import revenue FILE`")
    without_deal = customers.filter(pl.col("opportunity_id").is_null() & (pl.col("arr_sum") > 0)).height
    if without_deal:
        notes.append(f"{without_deal} customers with revenue have no won deal: they count as direct")
    return tuple(notes)
