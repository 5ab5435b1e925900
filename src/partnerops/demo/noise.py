"""Realistic partner activity that must not change any tier: rejected or unconfirmed claims, and touches
outside a deal's window (early research, implementation after the deal is won)."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from partnerops.demo.attachments import partner_keys
from partnerops.demo.touch_styles import EARLY_TOUCHES, pick, touch_frame, working_types
from partnerops.domain.enums import Tier, TouchStatus, TouchType

REJECTED_SHARE = 0.35
CLAIMED_SHARE = 0.2
EARLY_SHARE = 0.2
IMPLEMENTATION_WITHIN_DAYS = 90


def noise_touches(
    rng: np.random.Generator, deals: pl.DataFrame, attachments: pl.DataFrame, partners: pl.DataFrame,
    spans: pl.DataFrame, today: date,
) -> pl.DataFrame:
    """Touches no policy with default settings counts, on direct and attached deals alike."""
    leads = attachments.filter(pl.col("slot") == 0)
    return pl.concat([
        _rejected(rng, partners, spans),
        _claimed(rng, partners, spans),
        _early(rng, leads, spans),
        _implementations(rng, deals, leads, today),
    ])


def _random_claims(
    rng: np.random.Generator, partners: pl.DataFrame, spans: pl.DataFrame, share: float
) -> pl.DataFrame:
    """A share of all deals, each with one partner (drawn by activity) claiming to have worked it."""
    deal = np.flatnonzero(rng.random(spans.height) < share)
    keys = partner_keys(rng, partners, spans["created_on"].to_numpy()[deal])
    partner = np.argmax(keys, axis=1)
    return pl.DataFrame({"deal_index": deal.astype(np.int64), "partner_index": partner.astype(np.int64)})


def _rejected(rng: np.random.Generator, partners: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """Claims sales turned down: any type, from a month before creation to the close."""
    rows = _random_claims(rng, partners, spans, REJECTED_SHARE)
    deal = rows["deal_index"].to_numpy()
    start = spans["created_on"].to_numpy()[deal] - np.timedelta64(30, "D")
    days = (spans["last_counted_on"].to_numpy()[deal] - start).astype(int)
    dates = start + np.floor(rng.random(deal.size) * (days + 1)).astype("timedelta64[D]")
    return touch_frame(rows, pick(rng, tuple(TouchType), deal.size), dates, TouchStatus.REJECTED)


def _claimed(rng: np.random.Generator, partners: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """Claims a partner manager logged that sales has not confirmed yet, while the deal was open."""
    rows = _random_claims(rng, partners, spans, CLAIMED_SHARE)
    deal = rows["deal_index"].to_numpy()
    created = spans["created_on"].to_numpy()[deal]
    days = (spans["last_counted_on"].to_numpy()[deal] - created).astype(int)
    dates = created + (1 + np.floor(rng.random(deal.size) * days)).astype("timedelta64[D]")
    partner_types = partners["type_index"].to_numpy()[rows["partner_index"].to_numpy()]
    types = np.where(
        rng.random(deal.size) < 0.3, TouchType.DEAL_REGISTRATION.value, working_types(rng, partner_types)
    )
    return touch_frame(rows, types, dates, TouchStatus.CLAIMED)


def _early(rng: np.random.Generator, leads: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """Research a lead partner shared before the deal existed: confirmed, but before the window opens."""
    rows = leads.filter(pl.Series(rng.random(leads.height) < EARLY_SHARE))
    deal = rows["deal_index"].to_numpy()
    dates = spans["created_on"].to_numpy()[deal] - rng.integers(1, 61, deal.size).astype("timedelta64[D]")
    return touch_frame(rows, pick(rng, EARLY_TOUCHES, deal.size), dates, TouchStatus.CONFIRMED)


def _implementations(
    rng: np.random.Generator, deals: pl.DataFrame, leads: pl.DataFrame, today: date
) -> pl.DataFrame:
    """The lead partner starting the project after a won deal closed: confirmed, after the window."""
    won = (deals["outcome"] == "won").to_numpy() & (deals["tier"] != Tier.DIRECT.value).to_numpy()
    rows = leads.filter(pl.Series(won[leads["deal_index"].to_numpy()]))
    deal = rows["deal_index"].to_numpy()
    after = rng.integers(1, IMPLEMENTATION_WITHIN_DAYS + 1, deal.size).astype("timedelta64[D]")
    dates = deals["close_on"].to_numpy()[deal] + after
    started = dates <= np.datetime64(today)
    types = np.full(deal.size, TouchType.IMPLEMENTATION.value)
    return touch_frame(rows.filter(pl.Series(started)), types[started], dates[started], TouchStatus.CONFIRMED)
