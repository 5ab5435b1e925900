"""The credit models by name, and the settings that tune them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from partnerops.analytics.credit import heuristics
from partnerops.analytics.credit.chain import build_chain
from partnerops.analytics.credit.coalitions import coalition_shares, markov_game
from partnerops.analytics.credit.journeys import (
    Floats,
    Journeys,
    channel_repeats,
    channel_totals,
    equal_share_totals,
    whole_path_totals,
)
from partnerops.analytics.credit.markov import markov_totals, removal_effects
from partnerops.analytics.credit.shapley import ShapleyValues, shapley


class CreditModel(StrEnum):
    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    TIME_DECAY = "time_decay"
    POSITION = "position"
    MARKOV = "markov"
    SHAPLEY = "shapley"  # the Markov chain's game
    SHAPLEY_COALITION = "shapley_coalition"  # the literature's coalition game: exact, a split per journey

    @property
    def data_driven(self) -> bool:
        return self in (CreditModel.MARKOV, CreditModel.SHAPLEY)


class Convention(StrEnum):
    """How a data-driven model's per-channel weights become credit."""

    JOURNEY = "journey"  # each journey (deal) split among its own channels in proportion to their weights
    GLOBAL = "global"  # each channel's share of all conversions and value, as ChannelAttribution reports it


@dataclass(frozen=True)
class CreditSettings:
    half_life: float = 30.0  # days on deals; steps on path files
    first_share: float = 0.4
    last_share: float = 0.4
    order: int = 1  # Markov order
    samples: int = 2000  # Shapley permutations when there are too many channels to enumerate
    seed: int | None = None  # None: derived from the journeys, so the same data draws the same permutations
    convention: Convention = Convention.JOURNEY


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
    if model is CreditModel.SHAPLEY_COALITION:
        return coalition_shares(journeys)
    raise ValueError(f"{model} is data-driven: it scores channels, not steps")


def channel_scores(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> Floats:
    """A data-driven model's weight of each channel (removal effect or Shapley value of conversions)."""
    return channel_weights(journeys, model, settings)[0]


def channel_weights(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> tuple[Floats, Floats]:
    """A data-driven model's weights of each channel for conversions and for conversion value."""
    if model is CreditModel.MARKOV:
        effects = removal_effects(journeys, settings.order)
        return effects.conversion, effects.value
    values = shapley_values(journeys, settings).values
    return values[:, 0], values[:, 1]


def shapley_values(journeys: Journeys, settings: CreditSettings) -> ShapleyValues:
    """The Markov game's Shapley values: exact up to EXACT_LIMIT channels, sampled above (see `shapley_seed`)."""
    chain = build_chain(journeys, settings.order)
    spread = np.array([1.0, float(chain.conversion_value.max(initial=0.0))])
    seed = shapley_seed(journeys, settings)
    return shapley(markov_game(chain), len(journeys.channels), samples=settings.samples, seed=seed, spread=spread)


def shapley_seed(journeys: Journeys, settings: CreditSettings) -> int:
    """The seed of the sampled permutations: the settings' own, else a digest of the journeys (reruns agree)."""
    if settings.seed is not None:
        return settings.seed
    digest = hashlib.blake2b("\x1f".join(journeys.channels).encode(), digest_size=8)
    for part in (journeys.offsets, journeys.steps, journeys.conversions, journeys.values, journeys.nulls):
        digest.update(np.ascontiguousarray(part).tobytes())
    return int.from_bytes(digest.digest(), "big")


def path_totals(journeys: Journeys, model: CreditModel, settings: CreditSettings) -> tuple[Floats, Floats]:
    """Conversions and conversion value credited to each channel over all paths; a data-driven model's under the
    settings' convention."""
    if model.data_driven and settings.convention is Convention.JOURNEY:
        return channel_totals(journeys, journey_split(journeys, channel_scores(journeys, model, settings)))
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


def journey_split(journeys: Journeys, weights: Floats) -> Floats:
    """Each step's share of its journey when the journey is split among its distinct channels in proportion to
    their (non-negative) weights, a channel's share divided among its steps; equally when all weigh nothing."""
    repeats, _ = channel_repeats(journeys)
    raw = np.clip(weights, 0.0, None)[journeys.steps] / repeats
    totals = np.add.reduceat(raw, journeys.offsets[:-1]) if len(raw) else raw
    per_step = np.repeat(totals, journeys.lengths)
    shares: Floats = np.where(per_step > 0, raw / np.where(per_step > 0, per_step, 1.0), coalition_shares(journeys))
    return shares


def _proportional(scores: Floats, total: float) -> Floats:
    positive = np.clip(scores, 0.0, None)
    weight = positive.sum()
    return (positive / weight * total) if weight > 0 else np.zeros_like(scores)
