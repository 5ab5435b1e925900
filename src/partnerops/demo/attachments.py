"""Which partners work each partner-attached deal, and the tier each one is meant to earn there."""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.demo.plan import DemoPlan
from partnerops.domain.enums import Tier

# A partner joining a deal another partner leads earns co-sell this often, otherwise influence.
SUPPORTING_CO_SELL_SHARE = 0.4
# A partner works deals created at least this long after it joined (origination touches reach back 90 days).
JOINED_BEFORE_DAYS = 90


def draw_attachments(
    rng: np.random.Generator, plan: DemoPlan, deals: pl.DataFrame, partners: pl.DataFrame
) -> pl.DataFrame:
    """One row per (deal, partner): deal_index, partner_index, role (the tier the partner must earn).

    The first partner of a deal earns the deal's designated tier; the others earn the same or lower,
    so the deal's tier, the highest of its partners', is the designated one.
    """
    attached = np.flatnonzero((deals["tier"] != Tier.DIRECT.value).to_numpy())
    weights = np.array(plan.partners_per_deal)
    sizes = 1 + rng.choice(weights.size, size=attached.size, p=weights / weights.sum())
    keys = partner_keys(rng, partners, deals["created_on"].to_numpy()[attached])
    chosen = np.argsort(-keys, axis=1, kind="stable")[:, : weights.size]
    slots = np.concatenate([np.arange(size) for size in sizes]) if attached.size else np.array([], int)
    rows = np.repeat(np.arange(attached.size), sizes)
    designated = deals["tier"].to_numpy()[attached][rows]
    return pl.DataFrame({
        "deal_index": attached[rows].astype(np.int64),
        "partner_index": chosen[rows, slots].astype(np.int64),
        "slot": slots.astype(np.int64),
        "role": _roles(rng, designated, slots),
    })


def partner_keys(rng: np.random.Generator, partners: pl.DataFrame, created: np.ndarray) -> np.ndarray:
    """Random keys (deals x partners) whose top k are k distinct partners drawn in proportion to their
    activity (Gumbel top-k), among partners that had joined the program a while before each deal."""
    activity = partners["activity"].to_numpy()
    joined = partners["joined_on"].to_numpy()
    eligible = joined[None, :] <= (created - np.timedelta64(JOINED_BEFORE_DAYS, "D"))[:, None]
    with np.errstate(divide="ignore"):
        keys = np.log(activity)[None, :] + rng.gumbel(size=(created.size, activity.size))
    return np.where(eligible, keys, -np.inf)


def _roles(rng: np.random.Generator, designated: np.ndarray, slots: np.ndarray) -> np.ndarray:
    supporting = np.where(
        (designated != Tier.INFLUENCE.value) & (rng.random(slots.size) < SUPPORTING_CO_SELL_SHARE),
        Tier.CO_SELL.value,
        Tier.INFLUENCE.value,
    )
    return np.where(slots == 0, designated, supporting)
