"""The credit models by name, and the settings that tune them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from partnerops.analytics.credit import heuristics
from partnerops.analytics.credit.chain import build_chain
from partnerops.analytics.credit.coalitions import markov_game
from partnerops.analytics.credit.journeys import Floats, Journeys, channel_totals, equal_share_totals, whole_path_totals
from partnerops.analytics.credit.markov import markov_totals, removal_effects
from partnerops.analytics.credit.shapley import ShapleyValues, shapley


class CreditModel(StrEnum):
    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    TIME_DECAY = "time_decay"
    POSITION = "position"
    MARKOV = "markov"
    SHAPLEY = "shapley"

    @property
    def data_driven(self) -> bool:
        return self in (CreditModel.MARKOV, CreditModel.SHAPLEY)


@dataclass(frozen=True)
class CreditSettings:
    half_life: float = 30.0  # days on deals; steps on path files
    first_share: float = 0.4
    last_share: float = 0.4
    order: int = 1  # Markov order
    samples: int = 2000  # Shapley permutations when there are too many channels to enumerate
    seed: int = 0


def step_weights(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> Floats:
    """Each step's share of its path under a rule-based model."""
    if model is CreditModel.FIRST_TOUCH:
        return heuristics.first_touch(journeys)
    if model is CreditModel.LAST_TOUCH:
        return heuristics.last_touch(journeys)
    if model is CreditModel.LINEAR:
        return heuristics.linear(journeys)
    if model is CreditModel.TIME_DECAY:
        return heuristics.time_decay(journeys, settings.half_life)
    if model is CreditModel.POSITION:
        return heuristics.position_based(journeys, settings.first_share, settings.last_share)
    raise ValueError(f"{model} is data-driven: it scores channels, not steps")


def channel_scores(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> Floats:
    """A data-driven model's weight of each channel (removal effect or Shapley value of conversions)."""
    if model is CreditModel.MARKOV:
        return removal_effects(journeys, settings.order).conversion
    return shapley_values(journeys, settings).values[:, 0]


def shapley_values(journeys: Journeys, settings: CreditSettings) -> ShapleyValues:
    chain = build_chain(journeys, settings.order)
    spread = np.array([1.0, float(chain.conversion_value.max(initial=0.0))])
    return shapley(
        markov_game(chain), len(journeys.channels), samples=settings.samples, seed=settings.seed, spread=spread
    )


def path_totals(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> tuple[Floats, Floats]:
    """Conversions and conversion value credited to each channel over all paths."""
    if model is CreditModel.MARKOV:
        return markov_totals(journeys, settings.order)
    if model is CreditModel.SHAPLEY:
        values = shapley_values(journeys, settings).values
        return (
            _proportional(values[:, 0], float(journeys.conversions.sum())),
            _proportional(values[:, 1], float(journeys.values.sum())),
        )
    if model is CreditModel.FIRST_TOUCH:
        return whole_path_totals(journeys, journeys.offsets[:-1])
    if model is CreditModel.LAST_TOUCH:
        return whole_path_totals(journeys, journeys.offsets[1:] - 1)
    if model is CreditModel.LINEAR:
        return equal_share_totals(journeys, 1.0 / journeys.lengths)
    return channel_totals(journeys, step_weights(journeys, model, settings))


def _proportional(scores: Floats, total: float) -> Floats:
    positive = np.clip(scores, 0.0, None)
    weight = positive.sum()
    return (positive / weight * total) if weight > 0 else np.zeros_like(scores)
