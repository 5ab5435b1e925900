"""The program's versioned settings document: tier criteria, the onboarding checklist, the health score's
weights and targets, and how long after an MDF activity its pipeline still counts."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partnerops.domain.enums import Tier
from partnerops.domain.money import known_currencies
from partnerops.program.errors import ProgramSettingsError
from partnerops.store.settings_files import read_settings_file

DEFAULT_SETTINGS = files("partnerops.program") / "settings" / "default.yaml"


class TierCriteria(BaseModel):
    """What a partner needs, over the trailing window, to hold a tier."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    certifications: int = Field(0, ge=0, description="distinct certifications held (not expired)")
    won_revenue: Decimal = Field(Decimal(0), ge=0, description="won revenue of attributed deals, in `currency`")
    deals: int = Field(0, ge=0, description="won attributed deals")


class TierSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: str = "USD"
    window_months: int = Field(12, ge=1, le=60)
    # Which attribution tiers make a won deal count for the partner (influence is tracked, not rewarded).
    counted_attribution: tuple[Tier, ...] = (Tier.SOURCED, Tier.CO_SELL)
    levels: tuple[TierCriteria, ...] = Field(min_length=1, description="lowest tier first")

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in known_currencies():
            raise ValueError(f"{value!r} is not an ISO 4217 currency")
        return value

    @model_validator(mode="after")
    def _distinct_names(self) -> TierSettings:
        names = [level.name for level in self.levels]
        if len(set(names)) != len(names):
            raise ValueError(f"tier names must be distinct, got {names}")
        return self


class HealthInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    weight: float = Field(ge=0)
    target: float = Field(gt=0, description="the raw value that scores 1 (psat: the top of the scale)")


class HealthSettings(BaseModel):
    """Each input normalised to 0..1, then weighted; the weights need not sum to 1 (they are normalised)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    psat: HealthInput = HealthInput(weight=0.25, target=10)
    portal_activity: HealthInput = HealthInput(weight=0.15, target=8)
    trainings: HealthInput = HealthInput(weight=0.2, target=4)
    deals: HealthInput = HealthInput(weight=0.25, target=4)
    recency: HealthInput = HealthInput(weight=0.15, target=180)
    psat_days: int = Field(180, ge=1, description="surveys answered in this many days count")
    activity_days: int = Field(30, ge=1, description="portal sign-ins in this many days count")
    trainings_days: int = Field(365, ge=1)
    deals_days: int = Field(365, ge=1)
    # With no survey answered, PSAT counts as this normalised value rather than as the worst score.
    psat_missing: float = Field(0.5, ge=0, le=1)

    @model_validator(mode="after")
    def _some_weight(self) -> HealthSettings:
        if sum(self.weights().values()) <= 0:
            raise ValueError("at least one health input needs a weight above 0")
        return self

    def weights(self) -> dict[str, float]:
        return {name: getattr(self, name).weight for name in HEALTH_INPUTS}


HEALTH_INPUTS = ("psat", "portal_activity", "trainings", "deals", "recency")


class MdfSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Deals created up to this many days after an activity ends are still counted as its return.
    return_lag_days: int = Field(90, ge=0)


class ProgramSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64)
    tiers: TierSettings
    checklist: tuple[str, ...] = Field(min_length=1, description="onboarding checklist items, in order")
    health: HealthSettings = HealthSettings()
    mdf: MdfSettings = MdfSettings()

    def level(self, name: str | None) -> int | None:
        """The rank of tier `name` (0 is the lowest), or None for a tier the criteria do not know."""
        names = [level.name for level in self.tiers.levels]
        return names.index(name) if name in names else None


def load_program_settings(path: Path | None = None) -> ProgramSettings:
    """The settings in `path`, or the shipped default."""
    return _read(path) if path else _default()


@cache
def _default() -> ProgramSettings:
    return _read(None)


def _read(path: Path | None) -> ProgramSettings:
    return read_settings_file(ProgramSettings, path, DEFAULT_SETTINGS, name="program settings", what="program",
                              error=ProgramSettingsError)


def default_settings_text() -> str:
    return DEFAULT_SETTINGS.read_text(encoding="utf-8")
