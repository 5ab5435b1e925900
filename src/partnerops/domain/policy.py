"""The attribution policy: which touches qualify, the thresholds and the window, versioned."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.settings_document import validate_settings


class PolicyError(ValueError):
    """An attribution policy that cannot be used, with the reason a user can act on."""


class Window(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lookback_days: int = Field(0, ge=0, description="touches this many days before creation still count")
    include_close_date: bool = Field(True, description="a touch dated on the close date counts")


class SourcedRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    registration_types: tuple[TouchType, ...] = (TouchType.DEAL_REGISTRATION,)
    origination_types: tuple[TouchType, ...] = (TouchType.REFERRAL, TouchType.EXECUTIVE_INTRO)
    lookback_days: int = Field(
        180, ge=0, description="an origination touch up to this many days before creation can source the deal"
    )
    require_no_open_opportunity: bool = True


class AttributionPolicy(BaseModel):
    """A versioned attribution policy; every result records the version and hash it was computed with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    description: str = ""
    qualifying_touch_types: tuple[TouchType, ...] = tuple(TouchType)
    co_sell_threshold: int = Field(2, ge=1)
    influence_threshold: int = Field(1, ge=1)
    window: Window = Field(default_factory=Window)
    sourced: SourcedRule = Field(default_factory=SourcedRule)
    count_unconfirmed: bool = Field(False, description="claimed (not yet confirmed) touches count")

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> AttributionPolicy:
        if self.influence_threshold > self.co_sell_threshold:
            raise ValueError("influence_threshold must not exceed co_sell_threshold")
        return self

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "policy") -> AttributionPolicy:
        return validate_settings(cls, data, source=source, what="policy", error=PolicyError)

    @property
    def counted_statuses(self) -> tuple[TouchStatus, ...]:
        if self.count_unconfirmed:
            return (TouchStatus.CONFIRMED, TouchStatus.CLAIMED)
        return (TouchStatus.CONFIRMED,)

    @property
    def digest(self) -> str:
        """A short hash of the policy's content: two policies with one version but other rules differ here."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]
