"""Each closed deal's journey from the store: the counted touches of the partners with a tier on it in an
attribution run, in date order, up to the close (the close day itself when the policy counts it). Deleted deals,
touches and partners are left out (see `analytics.live`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import Connection, Select, select

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.frames import polars_dtype
from partnerops.analytics.live import live_account, live_partner
from partnerops.store.attribution_runs import StoredRun
from partnerops.store.bulk import driver_cursor
from partnerops.store.tables import accounts, attribution_results, opportunities, partners, touches


def journeys_query(run: StoredRun, in_deal_order: bool = False) -> Select[Any]:
    """The counted touches of the run's partners on closed deals, with each deal's outcome, amount and close.

    It reads from the run's results, joining each one's deal, account, partner and touches: the joins state
    `analytics.live`'s rules (a touch counts when neither it, its partner, its deal nor the deal's account is
    deleted) without a correlated subquery per touch.

    `in_deal_order` (what SQLite is asked for) reads the results in deal order: SQLite then walks its (run, deal)
    index, so one deal's row and touches are looked up together, in the order they are stored, instead of in
    partner order, which jumps across the deals and touches tables for every result (about a third faster at a
    million deals). PostgreSQL hash-joins the tables, and an order would only add a sort of every row.
    """
    policy = run.policy()
    t, o, r = touches.c, opportunities.c, attribution_results.c
    query = (
        select(t.id, t.opportunity_id, t.partner_id, t.touched_on, o.outcome, o.amount_minor, o.currency, o.closed_on)
        .select_from(attribution_results)
        .join(opportunities, o.id == r.opportunity_id)
        .join(accounts, accounts.c.id == o.account_id)
        .join(partners, partners.c.id == r.partner_id)
        .join(touches, (t.opportunity_id == r.opportunity_id) & (t.partner_id == r.partner_id))
        .where(r.run_id == run.id, o.outcome.in_(["won", "lost"]), t.status.in_(policy.counted_statuses))
        .where(t.deleted_at.is_(None), o.deleted_at.is_(None), live_account(), live_partner())
    )
    return query.order_by(r.opportunity_id) if in_deal_order else query


def journey_touches(connection: Connection, run: StoredRun) -> pl.DataFrame:
    """opportunity_id, partner_id, touched_on, outcome, amount_minor, currency, closed_on; won and lost deals."""
    policy = run.policy()
    frame = _read_rows(connection, journeys_query(run, in_deal_order=connection.dialect.name == "sqlite"))
    before_close = (pl.col("touched_on") < pl.col("closed_on")) | (
        (pl.col("touched_on") == pl.col("closed_on")) & pl.lit(policy.window.include_close_date)
    )
    return frame.filter(before_close).sort("opportunity_id", "touched_on", "id").drop("id")


def _read_rows(connection: Connection, query: Select[Any]) -> pl.DataFrame:
    """The query's rows through the driver's cursor as plain tuples, typed as the schema declares: SQLAlchemy's
    per-value processing would cost more than the query at a million deals. Its bound values are a run id and
    policy enums, rendered inline."""
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = driver_cursor(connection)
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    schema = {column.name: polars_dtype(column.type) for column in query.selected_columns}
    if connection.dialect.name != "sqlite":
        return pl.DataFrame(rows, schema=schema, orient="row")
    dates = [name for name, dtype in schema.items() if dtype == pl.Date()]  # ISO text on SQLite
    frame = pl.DataFrame(rows, schema=schema | dict.fromkeys(dates, pl.String()), orient="row")
    return frame.with_columns(pl.col(dates).str.to_date("%Y-%m-%d"))


def as_journeys(touched: pl.DataFrame) -> tuple[Journeys, pl.DataFrame]:
    """The journeys (channels are partner ids as text, ages in days before close) and one row per deal:
    opportunity_id, outcome, amount_minor, currency, closed_on, in the journeys' path order."""
    deals = touched.group_by("opportunity_id", maintain_order=True).agg(
        pl.len().alias("steps"), pl.first("outcome", "amount_minor", "currency", "closed_on")
    )
    partner_ids = np.sort(touched["partner_id"].unique().to_numpy())
    won = (deals["outcome"] == "won").to_numpy()
    ages = (touched["closed_on"] - touched["touched_on"]).dt.total_days().to_numpy().astype(np.float64)
    journeys = Journeys(
        channels=tuple(str(p) for p in partner_ids),
        offsets=np.concatenate([[0], np.cumsum(deals["steps"].to_numpy())]).astype(np.int64),
        steps=np.searchsorted(partner_ids, touched["partner_id"].to_numpy()).astype(np.int64),
        conversions=won.astype(np.float64),
        # A won deal without a known amount still converts; it carries no value to split.
        values=np.where(won, deals["amount_minor"].fill_null(0).to_numpy(), 0).astype(np.float64),
        nulls=(~won).astype(np.float64),
        ages=ages,
    )
    return journeys, deals.drop("steps")
