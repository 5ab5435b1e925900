"""The effects the demo plants in its data, so the impact report has something true to recover."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from partnerops.domain.enums import Tier


@dataclass(frozen=True)
class TierEffect:
    """How deals of one designated tier are drawn: their share, size and cycle length."""

    share: float
    median_amount_usd: float
    median_cycle_days: float


@dataclass(frozen=True)
class DemoPlan:
    """The planted ground truth: each closed deal wins with the attached or direct probability below."""

    opportunities: int = 8_000
    partners: int = 40
    accounts: int = 3_000
    days: int = 730
    open_share: float = 0.15
    attached_win_rate: float = 0.5
    direct_win_rate: float = 0.2
    amount_sigma: float = 0.9
    cycle_sigma: float = 0.45
    min_cycle_days: int = 7
    partners_per_deal: tuple[float, float, float] = (0.55, 0.30, 0.15)
    tiers: dict[Tier, TierEffect] = field(
        default_factory=lambda: {
            Tier.DIRECT: TierEffect(0.60, 24_000, 80),
            Tier.SOURCED: TierEffect(0.15, 48_000, 70),
            Tier.CO_SELL: TierEffect(0.15, 32_000, 48),
            Tier.INFLUENCE: TierEffect(0.10, 27_000, 74),
        }
    )

    @property
    def uplift(self) -> float:
        return self.attached_win_rate / self.direct_win_rate

    def scaled(self, opportunities: int) -> DemoPlan:
        """The same plan for another number of opportunities, with accounts in proportion."""
        accounts = max(50, round(self.accounts * opportunities / self.opportunities))
        return replace(self, opportunities=opportunities, accounts=accounts)
