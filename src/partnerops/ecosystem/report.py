"""The ecosystem report: retention, lifetime value, time to first value and the return on partner investment of
the customers each partner, partner type, tier and source brought, over a window of months ending on a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl
from sqlalchemy import Connection, Engine, select

from partnerops.analytics.currency import load_rates, reporting_currency_code
from partnerops.analytics.engine_choice import EngineName, engine_backend
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_partner
from partnerops.domain.money import Money
from partnerops.ecosystem.bootstrap import data_seed
from partnerops.ecosystem.costs import partner_costs
from partnerops.ecosystem.group_figures import (
    EMPTY,
    GroupInputs,
    GroupTables,
    drawn_lists,
    group_figures,
    group_rows,
    group_tables,
)
from partnerops.ecosystem.groups import members, whole_groups
from partnerops.ecosystem.inputs import acquiring_deals, deal_partners, first_value, revenue_arr
from partnerops.ecosystem.marketplace_revenue import marketplace_revenue
from partnerops.ecosystem.model import DIMENSIONS, EcosystemReport, MonthMovements
from partnerops.ecosystem.movements import TERMS, Levels, arr_levels, month_points, movement_totals
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import partners

if TYPE_CHECKING:
    import ibis


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


def ecosystem_report(engine: Engine, options: EcosystemOptions,
                     analytics_engine: EngineName | None = None) -> EcosystemReport:  # fmt: skip
    """The report for `options`, its heavy aggregations run by `analytics_engine` (default: the PARTNEROPS_ENGINE
    setting; `sql` is Polars in this process, `duckdb` and `spark` the Ibis expressions of
    `analytics.engine.ecosystem` on that backend)."""
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
    report = build_report(inputs, options, currency, as_of, run.policy_version, engine_backend(analytics_engine))
    return replace(report, marketplaces=through_marketplaces)


@dataclass(frozen=True)
class Aggregates:
    """What the figures are computed from: `customers` (account_id, arr_start, arr_end, arr_sum, opportunity_id,
    in account order: every customer with revenue or a won deal), each group's inputs and the movements per step
    (point, new, expansion, contraction, churn, renewal in minor units)."""

    customers: pl.DataFrame
    groups: GroupTables
    movements: pl.DataFrame


def build_report(inputs: EcosystemInputs, options: EcosystemOptions, currency: str, as_of: date,
                 policy_version: str, backend: ibis.BaseBackend | None = None) -> EcosystemReport:  # fmt: skip
    """The report from its inputs, every figure computed here (no store access); the aggregations by Polars, or
    by the Ibis expressions on `backend` when one is given (the same figures)."""
    points = month_points(as_of, options.months)
    aggregates = (polars_aggregates if backend is None else _engine_aggregates(backend))(inputs, points, options.draws)
    customers = aggregates.customers
    seed = data_seed(*(customers.get_column(name).to_numpy() for name in ("account_id", "arr_start", "arr_end")))
    shared = GroupInputs(currency, points[0], as_of, options.months, options.margin, options.draws, seed)
    rows = group_rows(aggregates.groups)
    costs = _costs_by_group(inputs.costs)
    groups = [group_figures(key, rows.get(key, EMPTY), costs.get(key[:2], _NO_COST) if key[0] in _PAID else None,
                            shared) for key in _group_keys(rows, inputs.costs)]  # fmt: skip
    return EcosystemReport(
        currency=currency, as_of=as_of, starts_on=points[0], months=options.months, margin=options.margin,
        policy_version=policy_version, draws=options.draws, seed=seed, groups=tuple(groups),
        movements=_movements(aggregates.movements, currency), cautions=_cautions(customers, inputs.arr),
    )  # fmt: skip


def polars_aggregates(inputs: EcosystemInputs, points: list[date], draws: int) -> Aggregates:
    """The aggregations in this process: ARR at the points as a customers-by-points array, the groups in one
    group-by each (per-customer lists only when `draws` asks for intervals)."""
    levels = arr_levels(inputs.arr, points)
    customers = _customers(levels, inputs.deals, inputs.values)
    joined = members(customers, inputs.on_deals).join(customers, on="account_id")
    groups = group_tables(joined, (points[0], points[-1]), draws)
    return Aggregates(customers.select(CUSTOMER_COLUMNS), groups, movement_totals(levels, inputs.arr))


CUSTOMER_COLUMNS = ("account_id", "arr_start", "arr_end", "arr_sum", "opportunity_id")


def _engine_aggregates(backend: ibis.BaseBackend) -> Callable[[EcosystemInputs, list[date], int], Aggregates]:
    """The aggregations as the Ibis expressions of `analytics.engine.ecosystem` on `backend` (Ibis loads here)."""
    from partnerops.analytics.engine.ecosystem import ecosystem_frames

    def run(inputs: EcosystemInputs, points: list[date], draws: int) -> Aggregates:
        frames = ecosystem_frames(backend, inputs.arr, inputs.deals, inputs.on_deals, inputs.values, points=points,
                                  terms=TERMS, whole_groups=whole_groups(), draws=draws > 0)  # fmt: skip
        drawn = None if frames.drawn_rows is None else drawn_lists(frames.drawn_rows)
        return Aggregates(frames.customers.select(CUSTOMER_COLUMNS), GroupTables(frames.sums, frames.shares, drawn),
                          frames.movements)  # fmt: skip

    return run


def _customers(levels: Levels, deals: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """Per customer (revenue or a won deal): arr_start, arr_end, arr_sum (ARR summed over the points after the
    start), opportunity_id, closed_on, tier, first_value_on, in account order."""
    arr = pl.DataFrame({"account_id": levels.accounts, "arr_start": levels.arr[0], "arr_end": levels.arr[-1],
                        "arr_sum": levels.arr[1:].sum(axis=0)}, schema_overrides={"arr_sum": pl.Int64})
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

    def place(key: tuple[str, str, str]) -> tuple[int, int, str, str, str]:
        within = order.get(key[0], ())
        return DIMENSIONS.index(key[0]), within.index(key[1]) if key[1] in within else 0, key[2].casefold(), *key[1:]

    return sorted(found, key=place)


# Program costs are per partner: its partner and partner-type groups answer for them, the other groups not.
_PAID = ("partner", "partner_type")


_NO_COST = (0, 0, 0)


def _costs_by_group(costs: pl.DataFrame) -> dict[tuple[str, str], tuple[int, int, int]]:
    """The commissions, MDF and other costs of each partner under ("partner", its ref), and of each partner type
    under ("partner_type", type); a partner group without costs answers for none (`_NO_COST`)."""
    kinds = ("commissions_minor", "mdf_minor", "other_minor")
    found: dict[tuple[str, str], tuple[int, int, int]] = {}
    for dimension, column in zip(_PAID, ("partner_ref", "partner_type"), strict=True):
        sums = costs.group_by(column).agg(pl.col(kinds).sum())
        for value, *minor in sums.select(column, *kinds).iter_rows():
            found[(dimension, str(value))] = (int(minor[0] or 0), int(minor[1] or 0), int(minor[2] or 0))
    return found


def _movements(per: pl.DataFrame, currency: str) -> tuple[MonthMovements, ...]:
    def money(value: int) -> Money:
        return Money.from_minor(int(value), currency)

    return tuple(MonthMovements(row["point"], money(row["new"]), money(row["expansion"]), money(row["contraction"]),
                                money(row["churn"]), money(row["renewal"]))
                 for row in per.sort("point").iter_rows(named=True))  # fmt: skip


def _cautions(customers: pl.DataFrame, arr: pl.DataFrame) -> tuple[str, ...]:
    notes = []
    if arr.height == 0:
        notes.append("no revenue is imported: import it with `partnerops import revenue FILE`")
    without_deal = customers.filter(pl.col("opportunity_id").is_null() & (pl.col("arr_sum") > 0)).height
    if without_deal:
        notes.append(f"{without_deal} customers with revenue have no won deal: they count as direct")
    return tuple(notes)
