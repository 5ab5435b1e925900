"""Each closed deal's journey from the store: the counted touches of the partners with a tier on it in an
attribution run, in date order, up to the close (the close day itself when the policy counts it). Deleted deals,
touches and partners are left out (see `analytics.live`).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.store.attribution_runs import StoredRun
from partnerops.store.tables import attribution_results, opportunities, touches


def journey_touches(connection: Connection, run: StoredRun) -> pl.DataFrame:
    """opportunity_id, partner_id, touched_on, outcome, amount_minor, currency, closed_on; won and lost deals."""
    policy = run.policy()
    t, o, r = touches.c, opportunities.c, attribution_results.c
    query = (
        select(t.id, t.opportunity_id, t.partner_id, t.touched_on, o.outcome, o.amount_minor, o.currency, o.closed_on)
        .join_from(touches, opportunities, o.id == t.opportunity_id)
        .join(attribution_results, (r.opportunity_id == t.opportunity_id) & (r.partner_id == t.partner_id))
        .where(r.run_id == run.id, o.outcome.in_(["won", "lost"]), t.status.in_(policy.counted_statuses))
        .where(live_touch(), live_opportunity())
    )
    frame = read_frame(connection, query)
    before_close = (pl.col("touched_on") < pl.col("closed_on")) | (
        (pl.col("touched_on") == pl.col("closed_on")) & pl.lit(policy.window.include_close_date)
    )
    return frame.filter(before_close).sort("opportunity_id", "touched_on", "id").drop("id")


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
