"""A seeded, generated partner program of any size, for proving the engine across backends and benchmarking it.

Opportunities carry what the tiers and the core impact figures read (amounts already in one currency's minor
units); touches land around their opportunity's life, some before it, some after its close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from partnerops.domain.enums import Outcome, TouchStatus, TouchType

OPEN_STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
FIRST_DAY = date(2024, 1, 1)
# Weights of TouchType in declaration order: registrations and intros rarer than everyday activity.
_TOUCH_WEIGHTS = np.array([4, 4, 3, 5, 10, 8, 6, 4, 6, 12, 12, 6, 2, 4], dtype=float)
_STATUS_WEIGHTS = {TouchStatus.CONFIRMED: 0.7, TouchStatus.CLAIMED: 0.2, TouchStatus.REJECTED: 0.1}


@dataclass(frozen=True)
class Program:
    """opportunities: id, account_id, created_on, closed_on, outcome, stage, value_minor.

    touches: id, partner_id, opportunity_id, type, status, touched_on.
    """

    opportunities: pl.DataFrame
    touches: pl.DataFrame


def generate(opportunities: int, touches: int, *, seed: int = 7, partners: int = 40) -> Program:
    """`opportunities` deals over about two years on a quarter as many accounts, and `touches` touches."""
    rng = np.random.default_rng(seed)
    created = rng.integers(0, 720, opportunities)
    return Program(_opportunities(rng, created), _touches(rng, touches, created, partners))


def _opportunities(rng: np.random.Generator, created: np.ndarray) -> pl.DataFrame:
    count = len(created)
    outcome = rng.choice(3, count, p=[0.25, 0.3, 0.45])
    closed = np.where(outcome > 0, created + rng.integers(0, 240, count), -1)
    stage = np.where(outcome == 1, 4, np.where(outcome == 2, 5, rng.integers(0, 4, count)))
    frame = pl.DataFrame(
        {
            "id": np.arange(1, count + 1, dtype=np.int64),
            "account_id": rng.integers(1, max(count // 4, 1) + 1, count),
            "created": created,
            "closed": closed,
            "outcome": outcome,
            "stage": stage,
            "value_minor": (rng.lognormal(10, 1.2, count) * 100).astype(np.int64) + 50_000,
        }
    )
    first = pl.lit(FIRST_DAY)
    outcomes = [Outcome.OPEN.value, Outcome.WON.value, Outcome.LOST.value]
    stages = [*OPEN_STAGES, "Closed Won", "Closed Lost"]
    return frame.select(
        "id",
        "account_id",
        created_on=first + pl.duration(days=pl.col("created")),
        closed_on=pl.when(pl.col("closed") >= 0).then(first + pl.duration(days=pl.col("closed"))),
        outcome=_labels(pl.col("outcome"), outcomes),
        stage=_labels(pl.col("stage"), stages),
        value_minor="value_minor",
    )


def _touches(
    rng: np.random.Generator,
    count: int,
    created: np.ndarray,
    partners: int,
) -> pl.DataFrame:
    opportunity = rng.integers(0, len(created), count)
    types = [t.value for t in TouchType]
    statuses = [s.value for s in _STATUS_WEIGHTS]
    frame = pl.DataFrame(
        {
            "id": np.arange(1, count + 1, dtype=np.int64),
            "partner_id": rng.integers(1, partners + 1, count),
            "opportunity_id": opportunity + 1,
            "type": rng.choice(len(types), count, p=_TOUCH_WEIGHTS / _TOUCH_WEIGHTS.sum()),
            "status": rng.choice(len(statuses), count, p=list(_STATUS_WEIGHTS.values())),
            # Around the opportunity's life: some before its creation, some after its close.
            "day": created[opportunity] + rng.integers(-200, 260, count),
        }
    )
    return frame.select(
        "id",
        "partner_id",
        "opportunity_id",
        type=_labels(pl.col("type"), types),
        status=_labels(pl.col("status"), statuses),
        touched_on=pl.lit(FIRST_DAY) + pl.duration(days=pl.col("day")),
    )


def _labels(codes: pl.Expr, labels: list[str]) -> pl.Expr:
    return codes.replace_strict(dict(enumerate(labels)), return_dtype=pl.String)
