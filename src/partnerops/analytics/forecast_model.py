"""The figures of the pipeline forecast and its backtest, as frozen trees of plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from partnerops.analytics.impact_model import RunInfo
from partnerops.analytics.stats import WIN_RATE_METHOD, Interval
from partnerops.domain.money import Money

PROBABILITY_METHOD = (
    "a deal's win probability is learned from deals closed (won or lost) before the forecast date, from the first "
    "of these with at least the minimum of closed deals: the deals of its tier that were ever at its stage (stage "
    "history), the deals of any tier ever at its stage (stage history), the deals last recorded at its stage, its "
    "attribution tier's overall win rate, and the win rate of all closed deals"
)
EXPECTED_METHOD = (
    "expected won amount = sum of probability x amount, computed exactly (fractions of minor units) "
    "and rounded half-even to the reporting currency's minor unit"
)
INTERVAL_METHOD = (
    "95% interval: 2.5th and 97.5th percentiles of a seeded Monte Carlo; each draw samples every learned "
    "probability from its Beta(won + 1/2, lost + 1/2) posterior (Jeffreys prior) and then each deal's "
    "outcome from that probability, so it carries both the deals' randomness and the uncertainty of the rates; "
    "the percentiles are rounded half-even to minor units"
)


@dataclass(frozen=True)
class ForecastOptions:
    """What to forecast: the reporting currency, the forecast date, how far ahead, and the method's knobs.

    `as_of` (default: today) is the forecast date; the first quarter is the one holding it, from that day.
    A stage (or a stage within a tier) needs `min_stage_deals` closed deals before its own win rate is trusted.
    """

    currency: str = "USD"
    quarters: int = 2
    as_of: date | None = None
    policy_version: str | None = None
    min_stage_deals: int = 20
    draws: int = 4000
    seed: int = 0
    backtest_quarters: int = 4


# Where a probability comes from, most specific first; the first three are learned for the stage.
STAGE_HISTORY_BY_TIER = "stage history, tier"
STAGE_HISTORY = "stage history"
LAST_STAGE = "last stage"
TIER_RATE = "tier rate"
ALL_CLOSED = "all closed deals"
SOURCES = (STAGE_HISTORY_BY_TIER, STAGE_HISTORY, LAST_STAGE, TIER_RATE, ALL_CLOSED)
STAGE_SOURCES = SOURCES[:3]


@dataclass(frozen=True)
class Quarter:
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class Sample:
    """Closed deals counted for one probability, how many won, and the win rate with its 95% interval."""

    won: int
    closed: int
    win_rate: Interval


@dataclass(frozen=True)
class StageSample:
    """What the closed deals teach about one stage: those ever at it (stage history) and those last recorded at it."""

    stage: str
    open_deals: int
    history: Sample
    last_stage: Sample


@dataclass(frozen=True)
class StageProbability:
    """The probability given to the open deals at one stage (None: unknown) within one tier, and its source."""

    stage: str | None
    tier: str
    open_deals: int
    source: str
    sample: Sample

    @property
    def learned(self) -> bool:
        return self.source in STAGE_SOURCES


@dataclass(frozen=True)
class TierRate:
    tier: str
    won: int
    closed: int
    win_rate: Interval


@dataclass(frozen=True)
class Learning:
    """The probabilities learned from deals closed before `learned_before` (`history_deals` of them with stage
    history): per stage its samples, per group of open deals (stage and tier) the probability it was given."""

    learned_before: date
    closed_deals: int
    history_deals: int
    min_stage_deals: int
    stages: tuple[StageSample, ...]
    probabilities: tuple[StageProbability, ...]
    tiers: tuple[TierRate, ...]
    overall: TierRate
    outcome_stages: tuple[str, ...]


@dataclass(frozen=True)
class ForecastFigure:
    """Expected won amount of the open deals due in one quarter within one group (total, tier, type, partner)."""

    quarter: str
    dimension: str
    key: str
    label: str
    deals: int
    past_due: int
    # Open deals whose amount is unknown: counted in `deals`, left out of `pipeline` and the expected amounts.
    unknown_amount: int
    pipeline: Money
    expected: Money
    low: Money
    high: Money


@dataclass(frozen=True)
class Methods:
    probability: str = PROBABILITY_METHOD
    expected: str = EXPECTED_METHOD
    interval: str = INTERVAL_METHOD
    win_rate: str = WIN_RATE_METHOD


@dataclass(frozen=True)
class Forecast:
    currency: str
    as_of: date
    quarters: tuple[Quarter, ...]
    run: RunInfo | None
    learning: Learning
    figures: tuple[ForecastFigure, ...]
    notes: tuple[str, ...]
    draws: int
    seed: int
    methods: Methods = field(default_factory=Methods)

    def figures_by(self, dimension: str) -> tuple[ForecastFigure, ...]:
        return tuple(f for f in self.figures if f.dimension == dimension)


@dataclass(frozen=True)
class BacktestQuarter:
    """The forecast made on a quarter's first day for that quarter, against what happened."""

    quarter: Quarter
    learned_from: int
    deals: int
    expected: Money
    low: Money
    high: Money
    actual: Money
    won_deals: int

    @property
    def inside(self) -> bool:
        return self.low <= self.actual <= self.high


@dataclass(frozen=True)
class CalibrationRow:
    """Deals whose predicted probability fell in one bin (or came from one source), and how many won."""

    label: str
    deals: int
    mean_predicted: float
    observed: Interval


@dataclass(frozen=True)
class Backtest:
    currency: str
    as_of: date
    run: RunInfo | None
    quarters: tuple[BacktestQuarter, ...]
    calibration: tuple[CalibrationRow, ...]
    by_source: tuple[CalibrationRow, ...]
    brier: float | None
    brier_reference: float | None
    notes: tuple[str, ...]
    draws: int
    seed: int
    methods: Methods = field(default_factory=Methods)
