"""Partners, touches and rates as the generic CSV files PartnerOps imports."""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.demo.names import person_names
from partnerops.demo.touch_styles import EVIDENCE
from partnerops.domain.enums import TouchStatus

SALES_REPS = 12
EVIDENCE_SHARE = 0.7


def partner_export(partners: pl.DataFrame) -> pl.DataFrame:
    return partners.select("id", "name", "type", "tier", "stage", "domain", "owner", "joined_on")


def name_touches(rng: np.random.Generator, touches: pl.DataFrame, partners: pl.DataFrame) -> pl.DataFrame:
    """Touches in date order with their ids, who logged them and the evidence they cite."""
    ordered = touches.sort("touched_on", "deal_index", "partner_index", "type", "status")
    count = ordered.height
    # Ids from a random place, as a portal would have them, so programs from other seeds do not share ids.
    first = int(rng.integers(100_000_000, 900_000_000))
    reps = np.array(person_names(rng, SALES_REPS))[rng.integers(0, SALES_REPS, count)]
    owners = partners["owner"].gather(ordered["partner_index"]).to_numpy()
    # Partner managers log claims; sales reps confirm or reject them.
    actors = np.where((ordered["status"] == TouchStatus.CLAIMED.value).to_numpy(), owners, reps)
    notes = np.array([EVIDENCE[t] for t in EVIDENCE])
    note_index = {t.value: i for i, t in enumerate(EVIDENCE)}
    evidence = notes[[note_index[t] for t in ordered["type"]]]
    return ordered.with_columns(
        id=pl.Series([f"TCH-{first + n}" for n in range(count)]),
        actor=pl.Series(actors, dtype=pl.String),
        evidence=pl.Series(np.where(rng.random(count) < EVIDENCE_SHARE, evidence, ""), dtype=pl.String),
    )


def touch_export(touches: pl.DataFrame, deals: pl.DataFrame, partners: pl.DataFrame) -> pl.DataFrame:
    return touches.select(
        "id",
        partner_id=partners["id"].gather(touches["partner_index"]),
        opportunity_id=deals["id"].gather(touches["deal_index"]),
        type="type",
        touched_on="touched_on",
        actor="actor",
        evidence="evidence",
        status="status",
    )


def rate_export(rates: pl.DataFrame) -> pl.DataFrame:
    return rates.select("currency", "quote_currency", "valid_on", "rate")
