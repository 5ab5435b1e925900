"""Tier standing: which tier a partner's measures earn under the criteria, and what it lacks for the next one.

`next_tier_gap(conn, partner_id, today)` is what other features (the assistant) read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, select

from partnerops.program.errors import ProgramNotFound
from partnerops.program.program_settings import ProgramSettings, TierCriteria, load_program_settings
from partnerops.program.tier_metrics import TierMetrics, tier_metrics
from partnerops.store.tables import partners

CRITERIA = ("certifications", "won_revenue", "deals")


@dataclass(frozen=True)
class CriterionCheck:
    criterion: str
    required: Decimal
    actual: Decimal

    @property
    def met(self) -> bool:
        return self.actual >= self.required

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.actual, Decimal(0))

    def to_json(self) -> dict[str, object]:
        return {"criterion": self.criterion, "required": str(self.required), "actual": str(self.actual),
                "met": self.met}  # fmt: skip


@dataclass(frozen=True)
class TierGap:
    partner_id: int
    current_tier: str | None
    earned_tier: str
    next_tier: str | None
    checks: tuple[CriterionCheck, ...]
    currency: str
    criteria_version: str

    @property
    def missing(self) -> tuple[CriterionCheck, ...]:
        return tuple(check for check in self.checks if not check.met)


def checks_for(level: TierCriteria, metrics: TierMetrics) -> tuple[CriterionCheck, ...]:
    return tuple(
        CriterionCheck(name, Decimal(getattr(level, name)), metrics.value(name)) for name in CRITERIA
    )


def earned_level(settings: ProgramSettings, metrics: TierMetrics) -> int:
    """The highest tier whose every criterion is met, and whose lower tiers' are too (0 when none is)."""
    earned = 0
    for index, level in enumerate(settings.tiers.levels):
        if not all(check.met for check in checks_for(level, metrics)):
            break
        earned = index
    return earned


def next_tier_gap(
    conn: Connection, partner_id: int, today: date, settings: ProgramSettings | None = None
) -> TierGap:
    """The partner's current tier, the next tier above it, and each criterion of that tier with what is missing."""
    settings = settings or load_program_settings()
    current = conn.execute(select(partners.c.tier).where(partners.c.id == partner_id)).first()
    if current is None:
        raise ProgramNotFound("partner", partner_id)
    metrics = tier_metrics(conn, settings.tiers, today)[partner_id]
    levels = settings.tiers.levels
    earned = earned_level(settings, metrics)
    held = settings.level(current.tier)
    above = (held if held is not None else earned) + 1
    target = levels[above] if above < len(levels) else None
    return TierGap(partner_id, current.tier, levels[earned].name, target.name if target else None,
                   checks_for(target, metrics) if target else (), settings.tiers.currency, settings.version)
