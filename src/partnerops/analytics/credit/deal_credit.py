"""Splitting each won deal's amount among its partners under a credit model, for all deals at once.

Rule-based models weigh each touch of the deal's journey. Data-driven models learn one weight per partner
from every closed journey (won deals convert, lost deals are nulls). Under the journey convention a deal is split
in proportion to the weights of its own partners (equally when they all weigh nothing), so it sums to its amount.
Under the global convention each partner gets its share of the whole won amount (value removal effect or Shapley
value, as ChannelAttribution reports it), laid over the won deals it touched in proportion to their amounts.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import (
    Convention,
    CreditModel,
    CreditSettings,
    channel_scores,
    channel_weights,
    step_weights,
)
from partnerops.analytics.credit.rounding import split_minor

CREDIT_COLUMNS = {"opportunity_id": pl.Int64, "partner_id": pl.Int64, "credit_minor": pl.Int64}


def deal_credits(journeys: Journeys, deals: pl.DataFrame, model: CreditModel, settings: CreditSettings) -> pl.DataFrame:
    """opportunity_id, partner_id, credit_minor for every won deal with a known amount; `deals` rows follow the
    journeys' paths and carry the amount to split as amount_minor."""
    if journeys.path_count == 0:
        return pl.DataFrame(schema=CREDIT_COLUMNS)
    if model.data_driven and settings.convention is Convention.GLOBAL:
        return _global_credits(journeys, deals, model, settings)
    if model.data_driven:
        # One weight per partner: every touch of a partner on a deal carries it, counted once below.
        weights = np.clip(channel_scores(journeys, model, settings), 0.0, None)[journeys.steps]
        weight = pl.first("weight")
    else:
        weights = step_weights(journeys, model, settings)
        weight = pl.sum("weight")
    shares = pl.DataFrame(
        {
            "opportunity_id": deals["opportunity_id"].to_numpy()[journeys.step_path()],
            "partner_id": np.array(journeys.channels, dtype=np.int64)[journeys.steps],
            "weight": weights,
            "amount_minor": deals["amount_minor"].gather(journeys.step_path()),  # gather keeps an unknown as null
            "won": deals["outcome"].to_numpy()[journeys.step_path()] == "won",
        }
    ).filter(pl.col("won") & pl.col("amount_minor").is_not_null())  # an unknown amount has nothing to split
    per_partner = shares.group_by("opportunity_id", "partner_id").agg(weight, pl.first("amount_minor"))
    split = split_minor(per_partner, "opportunity_id", "partner_id")
    return split.select(list(CREDIT_COLUMNS)).sort("opportunity_id", "partner_id")


def _global_credits(
    journeys: Journeys, deals: pl.DataFrame, model: CreditModel, settings: CreditSettings
) -> pl.DataFrame:
    weights = np.clip(channel_weights(journeys, model, settings)[1], 0.0, None)
    partner_ids = np.array(journeys.channels, dtype=np.int64)
    touched = (
        pl.DataFrame(
            {
                "opportunity_id": deals["opportunity_id"].to_numpy()[journeys.step_path()],
                "partner_id": partner_ids[journeys.steps],
                "amount_minor": deals["amount_minor"].gather(journeys.step_path()),
                "won": deals["outcome"].to_numpy()[journeys.step_path()] == "won",
            }
        )
        .filter(pl.col("won") & pl.col("amount_minor").is_not_null())
        .unique(["opportunity_id", "partner_id"])
    )
    if touched.height == 0:
        return pl.DataFrame(schema=CREDIT_COLUMNS)
    total = int(touched.unique("opportunity_id")["amount_minor"].sum())
    present = np.unique(touched["partner_id"].to_numpy())
    shares = pl.DataFrame(
        {"whole": 0, "partner_id": present, "weight": weights[np.searchsorted(partner_ids, present)]}
    ).with_columns(amount_minor=pl.lit(total, pl.Int64))
    totals = split_minor(shares, "whole", "partner_id").select("partner_id", total=pl.col("credit_minor"))
    laid = touched.join(totals, on="partner_id").select(
        "opportunity_id", "partner_id", weight=pl.col("amount_minor").cast(pl.Float64), amount_minor="total"
    )
    split = split_minor(laid, "partner_id", "opportunity_id")
    return split.select(list(CREDIT_COLUMNS)).sort("opportunity_id", "partner_id")
