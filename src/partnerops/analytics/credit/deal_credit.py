"""Splitting each won deal's amount among its partners under a credit model, for all deals at once.

Rule-based models weigh each touch of the deal's journey. Data-driven models learn one weight per partner
from every closed journey (won deals convert, lost deals are nulls) and split a deal in proportion to the
weights of its own partners; a deal whose partners all weigh nothing is split equally.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import CreditModel, CreditSettings, channel_scores, step_weights
from partnerops.analytics.credit.rounding import split_minor

CREDIT_COLUMNS = {"opportunity_id": pl.Int64, "partner_id": pl.Int64, "credit_minor": pl.Int64}


def deal_credits(journeys: Journeys, deals: pl.DataFrame, model: CreditModel, settings: CreditSettings) -> pl.DataFrame:
    """opportunity_id, partner_id, credit_minor for every won deal with a known amount; `deals` rows follow the
    journeys' paths and carry the amount to split as amount_minor."""
    if journeys.path_count == 0:
        return pl.DataFrame(schema=CREDIT_COLUMNS)
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
