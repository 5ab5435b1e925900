"""Partner touches that earn each partner exactly its planned tier, plus activity that must not count."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from partnerops.demo.noise import noise_touches
from partnerops.demo.touch_styles import ORIGINATING_TOUCHES, pick, touch_frame, working_types
from partnerops.domain.enums import Tier, TouchStatus, TouchType

# How often a sourcing partner originates the deal with a referral or intro rather than a registration.
ORIGINATION_SHARE = 0.35
EXTRA_CO_SELL_TOUCHES = 2.5
SOURCED_FOLLOW_UPS = 2.5
MOST_EXTRA_TOUCHES = 7


def draw_touches(
    rng: np.random.Generator, deals: pl.DataFrame, attachments: pl.DataFrame, partners: pl.DataFrame, today: date
) -> pl.DataFrame:
    """All touches: deal_index, partner_index, type, touched_on, status (not yet ordered or named)."""
    spans = deal_spans(deals, today)
    partner_types = partners["type_index"].to_numpy()
    frames = [
        _working_touches(rng, attachments, spans, partner_types),
        _sourcing_touches(rng, attachments, spans),
        noise_touches(rng, deals, attachments, partners, spans, today),
    ]
    return pl.concat(frames, how="vertical")


def deal_spans(deals: pl.DataFrame, today: date) -> pl.DataFrame:
    """Per deal: account, creation day and the last day a touch can count (its close, or today while open)."""
    return deals.select(
        "account_index", "created_on", "close_on", "is_closed",
        last_counted_on=pl.when("is_closed").then("close_on").otherwise(pl.lit(today)),
    )


def _working_touches(
    rng: np.random.Generator, attachments: pl.DataFrame, spans: pl.DataFrame, partner_types: np.ndarray
) -> pl.DataFrame:
    """Touches strictly after creation and up to close: 1 for influence, 2 or more for co-sell."""
    role = attachments["role"].to_numpy()
    counts = np.select(
        [role == Tier.INFLUENCE.value, role == Tier.CO_SELL.value],
        [np.ones(role.size, int), 2 + np.minimum(rng.poisson(EXTRA_CO_SELL_TOUCHES, role.size), MOST_EXTRA_TOUCHES)],
        default=np.minimum(rng.poisson(SOURCED_FOLLOW_UPS, role.size), MOST_EXTRA_TOUCHES),
    )
    rows = attachments.select(pl.all().repeat_by(pl.Series(counts)).explode())
    deal = rows["deal_index"].to_numpy()
    created = spans["created_on"].to_numpy()[deal]
    days_open = (spans["last_counted_on"].to_numpy()[deal] - created).astype(int)
    # Strictly after creation: a referral or intro on the creation day could source the deal.
    offsets = 1 + np.floor(rng.random(deal.size) * days_open).astype(int)
    return touch_frame(rows, working_types(rng, partner_types[rows["partner_index"].to_numpy()]),
                  created + offsets.astype("timedelta64[D]"), TouchStatus.CONFIRMED)


def _sourcing_touches(rng: np.random.Generator, attachments: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """The touch that sources a deal: a referral or intro while the account had nothing open, else a registration."""
    rows = attachments.filter(pl.col("role") == Tier.SOURCED.value)
    deal = rows["deal_index"].to_numpy()
    created = spans["created_on"].to_numpy()[deal]
    last = spans["last_counted_on"].to_numpy()[deal]
    originating = rng.random(deal.size) < ORIGINATION_SHARE
    before = rng.integers(0, 91, size=deal.size).astype("timedelta64[D]")
    registered = created + rng.integers(-45, 9, size=deal.size).astype("timedelta64[D]")
    dates = np.where(originating, created - before, np.minimum(registered, last))
    types = np.where(originating, pick(rng, ORIGINATING_TOUCHES, deal.size), TouchType.DEAL_REGISTRATION.value)
    blocked = _account_busy(spans, rows["deal_index"], dates)
    types = np.where(originating & blocked, TouchType.DEAL_REGISTRATION.value, types)
    return touch_frame(rows, types, dates, TouchStatus.CONFIRMED)


def _account_busy(spans: pl.DataFrame, deal_index: pl.Series, days: np.ndarray) -> np.ndarray:
    """Whether the deal's account had any opportunity open on each day (open: created < day <= close)."""
    accounts = spans["account_index"].gather(deal_index)
    asked = pl.DataFrame({"row": np.arange(days.size), "account_index": accounts, "day": days})
    busy = (
        asked.join(spans.select("account_index", "created_on", "close_on", "is_closed"), on="account_index")
        .filter(
            (pl.col("created_on") < pl.col("day"))
            & (~pl.col("is_closed") | (pl.col("day") <= pl.col("close_on")))
        )["row"]
        .unique()
        .to_numpy()
    )
    return np.isin(np.arange(days.size), busy)
