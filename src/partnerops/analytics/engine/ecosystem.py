"""The ecosystem report's heavy aggregations as Ibis expressions, runnable on DuckDB or Spark: each customer's ARR
at the month points, the ARR movements between them, and every group's cohort sums, median days to first value
and revenue shares.

They compute what `ecosystem.movements` and `ecosystem.group_figures` compute with Polars, by the same
definitions: a revenue period covers a point when starts_on <= point < ends_on (no end: open); a step's movement
is new from 0, churn to 0, else expansion or contraction; a quarter or year term that starts in a step while the
customer pays renews the ARR kept. Backends return integer sums, counts and medians of whole days only; every
ratio, interval and money figure is then built by the ecosystem report's own code, so every engine prints the
same report. Dates stay dates; nothing here depends on the session's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import ibis
import polars as pl

from partnerops.analytics.engine.backend import fetch, load
from partnerops.domain.enums import Tier

GROUP = ("dimension", "key", "label")
MOVEMENTS = ("new", "expansion", "contraction", "churn", "renewal")
CUSTOMERS = ("account_id", "arr_start", "arr_end", "arr_sum", "opportunity_id")


@dataclass(frozen=True)
class EcosystemFrames:
    """What the backend gives back, as Polars frames.

    `customers`: account_id, arr_start, arr_end, arr_sum (ARR summed over the points after the first),
    opportunity_id, for every customer with revenue or a won deal, in account order.
    `sums`: per group (dimension, key, label) size, start, end, kept, churned (the cohort paying at the first
    point), reached, median_days, shortest, longest (days to first value of the customers whose first deal
    closed in the window), awaiting, customers.
    `shares`: per group and number of partners on the deal, arr (Σ arr_sum × share).
    `movements`: per step (point it ends on) new, expansion, contraction, churn, renewal.
    `drawn_rows` (only when asked): dimension, key, label, account_id, arr_start, arr_end, days (null where the
    customer did not reach value in the window), the rows of customers paying at the start or reaching value.
    """

    customers: pl.DataFrame
    sums: pl.DataFrame
    shares: pl.DataFrame
    movements: pl.DataFrame
    drawn_rows: pl.DataFrame | None


def ecosystem_frames(backend: ibis.BaseBackend, arr: pl.DataFrame, deals: pl.DataFrame, on_deals: pl.DataFrame,
                     values: pl.DataFrame, *, points: Sequence[date], terms: Sequence[str],
                     whole_groups: pl.DataFrame, draws: bool) -> EcosystemFrames:  # fmt: skip
    """Every aggregation of the ecosystem report run on `backend`.

    `arr`: account_id, starts_on, ends_on (null: open), interval, arr_minor. `deals`: account_id, opportunity_id,
    closed_on, tier (each customer's first won deal). `on_deals`: opportunity_id, partner_ref, partner,
    partner_type. `values`: account_id, first_value_on. `points`: the ascending days ARR is read on (the first
    starts the window, the last ends it). `terms`: the intervals whose start renews. `whole_groups`: tier,
    dimension, key, label, the groups a customer of each tier counts in besides its partners' (a customer without
    a won deal counts as direct). `draws`: also return the rows the bootstrap resamples.
    """
    tables = {name: load(backend, f"ecosystem_{name}", frame) for name, frame in (
        ("arr", arr.select("account_id", "starts_on", "ends_on", "interval", "arr_minor")),
        ("deals", deals.select("account_id", "opportunity_id", "closed_on", "tier")),
        ("on_deals", on_deals.select("opportunity_id", "partner_ref", "partner", "partner_type")),
        ("values", values.select("account_id", "first_value_on")),
        ("whole_groups", whole_groups.select("tier", *GROUP)))}  # fmt: skip
    days = list(points)
    with arr_at_points(tables["arr"], days, terms).cache() as levels:
        movements = _movement_frame(fetch(backend, movement_sums(levels, len(days))), days)
        with customer_rows(levels, tables["deals"], tables["values"], len(days)).cache() as customers:
            found = fetch(backend, customers.select(*CUSTOMERS))
            # Three queries read the members: work them out once.
            with member_rows(customers, tables["on_deals"], tables["whole_groups"]).cache() as joined:
                sums = fetch(backend, group_sums(joined, (days[0], days[-1])))
                shares = fetch(backend, group_shares(joined))
                drawn = fetch(backend, drawn_rows(joined, (days[0], days[-1]))) if draws else None
    return EcosystemFrames(_in_account_order(found), sums, shares, movements, drawn)


def _level(i: int) -> str:
    return f"arr_{i}"


def _renewed(i: int) -> str:
    return f"renewed_{i}"


def arr_at_points(arr: ibis.Table, points: list[date], terms: Sequence[str]) -> ibis.Table:
    """Per customer with revenue: account_id, arr_0 .. arr_n (its ARR at each point: the sum of its periods
    covering it) and renewed_1 .. renewed_n (1 when a term started in the step ending on that point, after the
    point before and on or before it; else 0)."""
    is_term = arr.interval.isin(list(terms)) if terms else ibis.literal(False)

    def covers(day: date) -> ibis.BooleanValue:
        point = ibis.literal(day)
        return (arr.starts_on <= point) & (arr.ends_on.isnull() | (point < arr.ends_on))

    levels = {_level(i): ibis.ifelse(covers(day), arr.arr_minor, 0).sum().cast("int64")
              for i, day in enumerate(points)}  # fmt: skip
    renewed = {_renewed(i): ibis.ifelse(is_term & (arr.starts_on > ibis.literal(points[i - 1]))
                                        & (arr.starts_on <= ibis.literal(points[i])), 1, 0).max().cast("int64")
               for i in range(1, len(points))}  # fmt: skip
    return arr.group_by("account_id").agg(**levels, **renewed)


def movement_sums(levels: ibis.Table, count: int) -> ibis.Table:
    """One row: new_i, expansion_i, contraction_i, churn_i, renewal_i for each step i (1 .. count - 1)."""
    sums: dict[str, ibis.Value] = {}
    for i in range(1, count):
        before, after = levels[_level(i - 1)], levels[_level(i)]
        both = (before != 0) & (after != 0)
        kept = (levels[_renewed(i)] == 1) & (before > 0) & (after > 0)
        moved = {
            "new": ibis.ifelse(before == 0, after.abs(), 0),
            "expansion": ibis.ifelse(both & (after > before), after - before, 0),
            "contraction": ibis.ifelse(both & (after < before), before - after, 0),
            "churn": ibis.ifelse(after == 0, before.abs(), 0),
            "renewal": ibis.ifelse(kept, ibis.least(before, after), 0),
        }  # fmt: skip
        sums |= {f"{name}_{i}": value.sum().cast("int64") for name, value in moved.items()}
    return levels.aggregate(**sums)


def _movement_frame(row: pl.DataFrame, points: list[date]) -> pl.DataFrame:
    """The one row of `movement_sums` as one row per step (an empty program's null sums are 0)."""
    values = row.row(0, named=True)
    return pl.DataFrame({"point": pl.Series(points[1:], dtype=pl.Date)} | {
        name: pl.Series([int(values[f"{name}_{i}"] or 0) for i in range(1, len(points))], dtype=pl.Int64)
        for name in MOVEMENTS})  # fmt: skip


def customer_rows(levels: ibis.Table, deals: ibis.Table, values: ibis.Table, count: int) -> ibis.Table:
    """Per customer with revenue or a won deal: account_id, arr_start, arr_end, arr_sum (0 without revenue),
    opportunity_id, closed_on, tier (direct without a won deal) and first_value_on."""
    ids = levels.select("account_id").union(deals.select("account_id"), distinct=True)
    joined = ids.left_join(levels, "account_id").left_join(deals, "account_id").left_join(values, "account_id")
    total = sum((joined[_level(i)] for i in range(2, count)), joined[_level(1)]) if count > 1 else ibis.literal(0)
    return joined.select(
        "account_id", arr_start=joined[_level(0)].fill_null(0), arr_end=joined[_level(count - 1)].fill_null(0),
        arr_sum=total.fill_null(0).cast("int64"), opportunity_id=joined.opportunity_id, closed_on=joined.closed_on,
        tier=joined.tier.fill_null(Tier.DIRECT.value), first_value_on=joined.first_value_on)  # fmt: skip


def member_rows(customers: ibis.Table, on_deals: ibis.Table, whole_groups: ibis.Table) -> ibis.Table:
    """Per customer and group it counts in: dimension, key, label, share and partners (`ecosystem.groups`), with
    the customer's account_id, arr_start, arr_end, arr_sum, closed_on and first_value_on."""
    whole = customers.join(whole_groups, customers.tier == whole_groups.tier).select(
        *GROUP, "account_id", share=ibis.literal(1, "int64"), partners=ibis.literal(1, "int64"))
    on_deal = customers.select("account_id", "opportunity_id").join(on_deals, "opportunity_id")
    counted = on_deal.group_by("account_id").agg(partners=on_deal.count().cast("int64"))
    on_deal = on_deal.join(counted, "account_id")
    by_partner = on_deal.select(dimension=ibis.literal("partner"), key=on_deal.partner_ref, label=on_deal.partner,
                                account_id=on_deal.account_id, share=ibis.literal(1, "int64"),
                                partners=on_deal.partners)  # fmt: skip
    types = on_deal.group_by("account_id", "partner_type", "partners").agg(share=on_deal.count().cast("int64"))
    by_type = types.select(dimension=ibis.literal("partner_type"), key=types.partner_type, label=types.partner_type,
                           account_id=types.account_id, share=types.share, partners=types.partners)  # fmt: skip
    members = whole.union(by_partner).union(by_type)
    facts = customers.select("account_id", "arr_start", "arr_end", "arr_sum", "closed_on", "first_value_on")
    return members.join(facts, "account_id")


def _days(joined: ibis.Table, window: tuple[date, date]) -> tuple[ibis.BooleanValue, ibis.IntegerValue]:
    """Whether the customer's first deal closed in `window` (after its first day, on or before its last), and its
    days from that close to first value (0 when the value came first), null unless it reached value."""
    onboarded = (joined.closed_on > ibis.literal(window[0])) & (joined.closed_on <= ibis.literal(window[1]))
    delta = joined.first_value_on.delta(joined.closed_on, unit="day").cast("int64")
    days = ibis.ifelse(delta < 0, 0, delta)
    reached = onboarded & joined.first_value_on.notnull()
    return onboarded.fill_null(False), ibis.ifelse(reached.fill_null(False), days, ibis.null("int64"))


def group_sums(joined: ibis.Table, window: tuple[date, date]) -> ibis.Table:
    """Per group: the sums, counts and day figures of `EcosystemFrames.sums`."""
    paying = joined.arr_start > 0
    onboarded, days = _days(joined, window)
    joined = joined.mutate(days=days)
    days = joined.days

    def counted(condition: ibis.BooleanValue) -> ibis.IntegerValue:
        return ibis.ifelse(condition, 1, 0).sum().cast("int64")

    def paid(value: ibis.IntegerValue) -> ibis.IntegerValue:
        return ibis.ifelse(paying, value, 0).sum().cast("int64")

    return joined.group_by(*GROUP).agg(
        size=counted(paying), start=paid(joined.arr_start), end=paid(joined.arr_end),
        kept=paid(ibis.least(joined.arr_start, joined.arr_end)), churned=counted(paying & (joined.arr_end == 0)),
        reached=days.count().cast("int64"), median_days=days.median().cast("float64"),
        shortest=days.min().cast("int64"), longest=days.max().cast("int64"),
        awaiting=counted(onboarded & joined.first_value_on.isnull()),
        customers=joined.count().cast("int64"))  # fmt: skip


def group_shares(joined: ibis.Table) -> ibis.Table:
    """Per group and number of partners on the deal: arr, Σ arr_sum × share."""
    return joined.group_by(*GROUP, "partners").agg(arr=(joined.arr_sum * joined.share).sum().cast("int64"))


def drawn_rows(joined: ibis.Table, window: tuple[date, date]) -> ibis.Table:
    """The rows the bootstrap resamples: customers paying at the start, or reaching value, with their days."""
    _, days = _days(joined, window)
    rows = joined.mutate(days=days)
    return rows.filter((rows.arr_start > 0) | rows.days.notnull()).select(
        *GROUP, "account_id", "arr_start", "arr_end", "days")


def _in_account_order(customers: pl.DataFrame) -> pl.DataFrame:
    return customers.with_columns(pl.col("account_id", "arr_start", "arr_end", "arr_sum", "opportunity_id")
                                  .cast(pl.Int64)).sort("account_id")  # fmt: skip
