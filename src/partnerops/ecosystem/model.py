"""What the ecosystem report holds: figures with their intervals and the formula and inputs behind each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from partnerops.domain.money import Money

# The groups accounts and partners break down by, in the order reports show them.
DIMENSIONS = ("all", "source", "tier", "partner_type", "partner")
SOURCES = ("partner_sourced", "partner_attached", "direct")


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% bootstrap interval (None where it cannot be computed) over `n` observations."""

    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    n: int = 0


@dataclass(frozen=True)
class Explanation:
    """How one figure of one group was computed: the formula in words and the inputs it was given."""

    figure: str
    formula: str
    inputs: tuple[tuple[str, str], ...]
    result: str


@dataclass(frozen=True)
class ProgramCost:
    """What the program spent on a group's partners in the window, by kind."""

    commissions: Money
    mdf: Money
    other: Money

    @property
    def total(self) -> Money:
        return Money(self.commissions.amount + self.mdf.amount + self.other.amount, self.commissions.currency)


@dataclass(frozen=True)
class GroupFigures:
    dimension: str
    key: str
    label: str
    accounts: int
    arr_start: Money
    arr_end: Money
    nrr: Estimate
    grr: Estimate
    lifetime_value: Estimate
    time_to_value_days: Estimate
    awaiting_value: int
    revenue: Money
    cost: ProgramCost | None = None
    ropi: Decimal | None = None
    payback_months: Decimal | None = None
    explanations: tuple[Explanation, ...] = ()


@dataclass(frozen=True)
class MonthMovements:
    """ARR that moved between two consecutive month points, by movement, in the reporting currency."""

    ends_on: date
    new: Money
    expansion: Money
    contraction: Money
    churn: Money
    renewal: Money


@dataclass(frozen=True)
class MarketplaceRevenue:
    """What one marketplace billed for one offer type in the window (charges less refunds), the fees it kept, the
    net and how much of the net it has disbursed by the report's day, in the reporting currency."""

    marketplace: str
    offer_type: str
    transactions: int
    billed: Money
    fees: Money
    net: Money
    disbursed: Money


@dataclass(frozen=True)
class EcosystemReport:
    currency: str
    as_of: date
    starts_on: date
    months: int
    margin: Decimal
    policy_version: str
    draws: int
    seed: int
    groups: tuple[GroupFigures, ...]
    movements: tuple[MonthMovements, ...]
    cautions: tuple[str, ...] = field(default=())
    marketplaces: tuple[MarketplaceRevenue, ...] = field(default=())

    def groups_by(self, dimension: str) -> tuple[GroupFigures, ...]:
        return tuple(g for g in self.groups if g.dimension == dimension)
