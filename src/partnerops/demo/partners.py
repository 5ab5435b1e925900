"""The demo's partner program: partners of every type, tier and lifecycle stage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import polars as pl

from partnerops.demo.names import compound_words, person_names
from partnerops.domain.enums import LifecycleStage, PartnerType

TYPE_WEIGHTS = {
    PartnerType.TECHNOLOGY: 0.2, PartnerType.REFERRAL: 0.12, PartnerType.RESELLER: 0.15, PartnerType.SI: 0.15,
    PartnerType.MSP: 0.1, PartnerType.AGENCY: 0.07, PartnerType.AFFILIATE: 0.05, PartnerType.INFLUENCE: 0.07,
    PartnerType.OEM: 0.04, PartnerType.MARKETPLACE: 0.05,
}
TYPE_SUFFIX = {
    PartnerType.TECHNOLOGY: "Software", PartnerType.REFERRAL: "Advisors", PartnerType.RESELLER: "Distribution",
    PartnerType.SI: "Consulting", PartnerType.MSP: "Managed Services", PartnerType.AGENCY: "Digital",
    PartnerType.AFFILIATE: "Media", PartnerType.INFLUENCE: "Research", PartnerType.OEM: "Systems",
    PartnerType.MARKETPLACE: "Marketplace",
}
TIERS = ("platinum", "gold", "silver", "registered")
TIER_WEIGHTS = (0.1, 0.25, 0.35, 0.3)
TIER_ACTIVITY = (6.0, 3.0, 1.5, 0.6)
STAGE_WEIGHTS = {
    LifecycleStage.RECRUIT: 0.06, LifecycleStage.ONBOARD: 0.1, LifecycleStage.ENABLE: 0.17,
    LifecycleStage.CO_MARKET: 0.15, LifecycleStage.CO_SELL: 0.42, LifecycleStage.REVIEW: 0.1,
}
# Partners still being recruited or onboarded joined recently and bring no deals yet.
STAGE_ACTIVITY = {
    LifecycleStage.RECRUIT: 0.0, LifecycleStage.ONBOARD: 0.0, LifecycleStage.ENABLE: 0.8,
    LifecycleStage.CO_MARKET: 1.0, LifecycleStage.CO_SELL: 1.3, LifecycleStage.REVIEW: 0.7,
}
PARTNER_MANAGERS = 6
# The busiest partners were in the program before the period starts, so the first deals have partners.
FOUNDING_PARTNERS = 3


def draw_partners(rng: np.random.Generator, count: int, today: date, history_days: int) -> pl.DataFrame:
    """Partners with their export columns plus `type_index` (in PartnerType order) and `activity`
    (how many deals they tend to join)."""
    types = _draw_types(rng, count)
    stages = rng.choice(len(STAGE_WEIGHTS), size=count, p=_normalised(STAGE_WEIGHTS.values()))
    tiers = rng.choice(len(TIERS), size=count, p=TIER_WEIGHTS)
    brands = compound_words(rng, count)
    stage_list = list(STAGE_WEIGHTS)
    type_list = list(PartnerType)
    activity = (
        np.array(TIER_ACTIVITY)[tiers]
        * np.array([STAGE_ACTIVITY[stage_list[s]] for s in stages])
        * rng.lognormal(0.0, 0.5, size=count)
    )
    managers = person_names(rng, PARTNER_MANAGERS)
    first_id = int(rng.integers(10_000, 99_000 - count))
    return pl.DataFrame({
        "id": [f"PRT-{first_id + n}" for n in range(count)],
        "name": [f"{brand} {TYPE_SUFFIX[type_list[t]]}" for brand, t in zip(brands, types, strict=True)],
        "type": [type_list[t].value for t in types],
        "tier": [TIERS[t] for t in tiers],
        "stage": [stage_list[s].value for s in stages],
        "domain": [f"{brand.lower()}.com" for brand in brands],
        "owner": [managers[m] for m in rng.integers(0, PARTNER_MANAGERS, size=count)],
        "joined_on": pl.Series(_joined_on(rng, stages, activity, today, history_days), dtype=pl.Date),
        "type_index": types.astype(np.int64),
        "activity": activity,
    })


def _draw_types(rng: np.random.Generator, count: int) -> np.ndarray:
    """Partner types in proportion to TYPE_WEIGHTS, with every type present when there is room."""
    drawn = rng.choice(len(PartnerType), size=count, p=_normalised(TYPE_WEIGHTS[t] for t in PartnerType))
    every = np.arange(min(count, len(PartnerType)))
    drawn[: every.size] = every
    return rng.permutation(drawn)


def _joined_on(
    rng: np.random.Generator, stages: np.ndarray, activity: np.ndarray, today: date, history_days: int
) -> list[date]:
    """Active partners joined over the program's growth, the busiest early enough to be on the first deals;
    partners still being recruited or onboarded joined in the last months."""
    start = today - timedelta(days=history_days)
    offset = rng.integers(-400, history_days - 280, size=stages.size)
    offset[np.argsort(-activity, kind="stable")[:FOUNDING_PARTNERS]] = -rng.integers(120, 400, FOUNDING_PARTNERS)
    joined = [start + timedelta(days=int(days)) for days in offset]
    recent = rng.integers(10, 120, size=stages.size)
    return [
        today - timedelta(days=int(days)) if activity_level == 0 else day
        for day, days, activity_level in zip(joined, recent, activity, strict=True)
    ]


def _normalised(weights: Iterable[float]) -> np.ndarray:
    values = np.fromiter(weights, dtype=float)
    shares: np.ndarray = values / values.sum()
    return shares
