"""The figures of the partner impact report, as a frozen tree of plain values tests and renderers can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from partnerops.analytics.activation import Activation
from partnerops.analytics.adjusted import AdjustedUplift
from partnerops.analytics.attachment import ATTACHMENT_RULE, AttachmentBand
from partnerops.analytics.deal_bands import DealBands
from partnerops.analytics.stats import UPLIFT_METHOD, WIN_RATE_METHOD, Interval
from partnerops.domain.money import Money

Period = Literal["quarter", "month", "year"]
PERIODS: tuple[Period, ...] = ("quarter", "month", "year")
Dimension = Literal["period", "tier", "partner_type", "partner"]
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
    """Closed-deal figures for one group: a period, a tier, a partner type or one partner.

    `uplift` is the group's win rate over the direct win rate; for a period, partner-attached over
    direct within that period. Deal sizes and cycle time are over won deals only.
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


@dataclass(frozen=True)
class MixRow:
    """Won deals of one tier in one period (`period` is "all" for the whole report)."""

    period: str
    tier: str
    won: int
    amount: Money


@dataclass(frozen=True)
class PipelineRow:
    """Open deals of one tier at one stage."""

    tier: str
    stage: str
    deals: int
    amount: Money


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

    def segments_by(self, dimension: Dimension) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.dimension == dimension)

    def segment(self, dimension: Dimension, key: str) -> Segment:
        return next(s for s in self.segments if s.dimension == dimension and s.key == key)

    @property
    def cautions(self) -> tuple[str, ...]:
        found = [*self.overall.cautions, *(c for p in self.by_period for c in p.cautions)]
        found += [s.caution for s in self.segments if s.caution]
        found += self.adjusted.cautions
        return tuple(found)
