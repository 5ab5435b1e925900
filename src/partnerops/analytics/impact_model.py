"""The figures of the partner impact report, as a frozen tree of plain values tests and renderers can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from partnerops.analytics.activation import Activation
from partnerops.analytics.adjusted import AdjustedUplift
from partnerops.analytics.attachment import ATTACHMENT_RULE, AttachmentBand
from partnerops.analytics.deal_bands import DealBands
from partnerops.analytics.impact_dimensions import HEADLINE_DIMENSIONS, Dimension
from partnerops.analytics.stats import UPLIFT_METHOD, WIN_RATE_METHOD, Interval
from partnerops.domain.money import Money

Period = Literal["quarter", "month", "year"]
PERIODS: tuple[Period, ...] = ("quarter", "month", "year")
PROVEN_AFTER_WINS = 3


@dataclass(frozen=True)
class ImpactOptions:
    """What to report on: the reporting currency, the period grain, the attribution run and the dates.

    `since`/`until` bound the close date of the deals counted (inclusive). `as_of` is the report's
    "today" (default: the current date): deals created or closed after it are left out, and open deals
    without an expected close are valued at its rate. `bands` sets the deal-size bands the adjusted uplift
    and the attachment model use, in the reporting currency.
    """

    currency: str = "USD"
    period: Period = "quarter"
    policy_version: str | None = None
    as_of: date | None = None
    since: date | None = None
    until: date | None = None
    bands: DealBands = DealBands()


@dataclass(frozen=True)
class RunInfo:
    """The attribution run whose tiers the report uses."""

    id: int
    policy_version: str
    policy_digest: str
    ran_at: datetime


@dataclass(frozen=True)
class Comparison:
    """Partner-attached against direct deals over one scope: the whole report or one period."""

    scope: str
    attached_closed: int
    attached_won: int
    direct_closed: int
    direct_won: int
    win_rate_attached: Interval
    win_rate_direct: Interval
    uplift: Interval
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """Closed-deal figures for one group: a tier, a partner type or one partner; or, over every closed deal, a
    period, account segment, region, owner, owner team, product or deal type (a missing value groups as "unknown";
    a deal counts in each product it holds).

    For a tier, partner type or partner, `uplift` is the group's win rate over the direct win rate; for the
    other breakdowns it is partner-attached over direct within the group, and `comparison` holds both sides.
    Deal sizes and cycle time are over won deals only, and over those with a known amount
    (`unknown_amounts` won deals were left out of the sums).
    """

    dimension: Dimension
    key: str
    label: str
    closed: int
    won: int
    lost: int
    win_rate: Interval
    uplift: Interval
    won_amount: Money
    mean_deal_size: Money | None
    median_deal_size: Money | None
    median_cycle_days: float | None
    caution: str | None = None
    comparison: Comparison | None = None
    unknown_amounts: int = 0


@dataclass(frozen=True)
class MixRow:
    """Won deals of one tier in one period (`period` is "all" for the whole report); `amount` sums those with a
    known amount."""

    period: str
    tier: str
    won: int
    amount: Money
    unknown_amounts: int = 0


@dataclass(frozen=True)
class PipelineRow:
    """Open deals of one tier at one stage: all of them counted, `amount` summing the ones whose amount is known,
    `unknown_amounts` the ones left out of it."""

    tier: str
    stage: str
    deals: int
    amount: Money
    unknown_amounts: int = 0


@dataclass(frozen=True)
class PartnerProof:
    """The three-wins status and time to first deal of one partner."""

    partner_id: int
    name: str
    type: str
    won_deals: int
    joined_on: date | None
    first_won_on: date | None
    days_to_first_deal: int | None

    @property
    def proven(self) -> bool:
        return self.won_deals >= PROVEN_AFTER_WINS

    @property
    def status(self) -> str:
        return "proven" if self.proven else "not yet proven"


@dataclass(frozen=True)
class Methods:
    win_rate: str = WIN_RATE_METHOD
    uplift: str = UPLIFT_METHOD
    attachment_rule: str = ATTACHMENT_RULE
    confidence: float = 0.95


@dataclass(frozen=True)
class ImpactReport:
    currency: str
    period: Period
    as_of: date
    since: date | None
    until: date | None
    run: RunInfo
    overall: Comparison
    by_period: tuple[Comparison, ...]
    segments: tuple[Segment, ...]
    mix: tuple[MixRow, ...]
    pipeline: tuple[PipelineRow, ...]
    partners: tuple[PartnerProof, ...]
    bands: tuple[str, ...]
    adjusted: AdjustedUplift
    attachment: tuple[AttachmentBand, ...]
    activation: Activation
    methods: Methods = field(default_factory=Methods)

    @property
    def pipeline_unknown_amounts(self) -> int:
        """Open deals counted in the pipeline whose amount is unknown (left out of its sums)."""
        return sum(row.unknown_amounts for row in self.pipeline)

    def segments_by(self, dimension: Dimension) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.dimension == dimension)

    def segment(self, dimension: Dimension, key: str) -> Segment:
        return next(s for s in self.segments if s.dimension == dimension and s.key == key)

    @property
    def cautions(self) -> tuple[str, ...]:
        found = [*self.overall.cautions, *(c for p in self.by_period for c in p.cautions)]
        # Small groups of the breakdowns by account, owner, product and deal type are starred where they are
        # shown; listing each here would bury the cautions that bear on the headline figures.
        found += [s.caution for s in self.segments if s.caution and s.dimension in HEADLINE_DIMENSIONS]
        found += self.adjusted.cautions
        return tuple(found)
