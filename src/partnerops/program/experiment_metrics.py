"""The metric of an experiment over its window, per partner set: win rate (deal counts), or a per-partner
value (deal count, pipeline, days to the first deal) for every partner of the set."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import numpy as np
import polars as pl
from sqlalchemy import Connection, select

from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import attribution_results, opportunities


class ExperimentMetric(StrEnum):
    WIN_RATE = "win_rate"
    DEAL_COUNT = "deal_count"
    PIPELINE = "pipeline"
    TIME_TO_FIRST_DEAL = "time_to_first_deal"


def attributed_deals(conn: Connection, starts_on: date, ends_on: date, currency: str) -> pl.DataFrame:
    """partner_id, opportunity_id, outcome, created_on, closed_on, value (in `currency`, major units) of every
    deal a partner is attributed on (latest run) that was created or closed inside the window."""
    run = find_run(conn)
    o, a = opportunities.c, attribution_results.c
    query = (
        select(a.partner_id, a.opportunity_id, o.outcome, o.created_on, o.closed_on, o.amount_minor, o.currency)
        .join_from(attribution_results, opportunities, o.id == a.opportunity_id)
        .where(a.run_id == run.id, live_opportunity(),
               o.created_on.between(starts_on, ends_on) | o.closed_on.between(starts_on, ends_on))
    )  # fmt: skip
    frame = read_frame(conn, query)
    if frame.height == 0:
        return frame.with_columns(value=pl.lit(0.0))
    converted = convert(frame.with_columns(rate_on=pl.col("created_on")), load_rates(conn, currency), currency)
    return converted.with_columns(value=pl.col("value_minor").cast(pl.Float64) / 100).drop("value_minor", "rate_on")


def win_counts(deals: pl.DataFrame, partner_ids: list[int], starts_on: date, ends_on: date) -> tuple[int, int]:
    """(won, closed) over the distinct deals of the set closed inside the window."""
    closed = deals.filter(pl.col("partner_id").is_in(partner_ids), pl.col("closed_on").is_between(starts_on, ends_on),
                          pl.col("outcome").is_in(["won", "lost"])).unique("opportunity_id")  # fmt: skip
    return int((closed["outcome"] == "won").sum()), closed.height


def per_partner_values(
    deals: pl.DataFrame, partner_ids: list[int], metric: ExperimentMetric, starts_on: date, ends_on: date
) -> np.ndarray:
    """One value per partner of the set (a partner with no deal counts: 0 deals, 0 pipeline, and for days to
    the first deal the whole window, as it had none by the end)."""
    created = deals.filter(pl.col("created_on").is_between(starts_on, ends_on))
    values = {
        ExperimentMetric.DEAL_COUNT: pl.len().cast(pl.Float64),
        ExperimentMetric.PIPELINE: pl.col("value").sum(),
        ExperimentMetric.TIME_TO_FIRST_DEAL: (pl.col("created_on").min() - pl.lit(starts_on)).dt.total_days()
        .cast(pl.Float64),
    }[metric]  # fmt: skip
    by_partner = created.group_by("partner_id").agg(values.alias("value"))
    empty = float((ends_on - starts_on).days) if metric is ExperimentMetric.TIME_TO_FIRST_DEAL else 0.0
    found = dict(by_partner.iter_rows())
    return np.array([found.get(p, empty) for p in partner_ids], dtype=np.float64)
