"""The commission plan: a versioned YAML document with an effective date (rates, tiers, product lines, caps)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partnerops.domain.enums import TouchType
from partnerops.domain.money import known_currencies
from partnerops.domain.settings_document import parse_settings

__all__ = ["Band", "CapRules", "CommissionPlan", "PlanError", "ProductLine", "RateMethod", "TierRules", "parse_plan",
           "plan_in_force"]


class PlanError(ValueError):
    """A commission plan that cannot be used, naming the file and the field at fault."""


class RateMethod(StrEnum):
    # marginal: each part of the revenue earns the rate of the band it falls in (like tax brackets);
    # cliff: the whole deal earns the rate of the band the partner's year-to-date revenue reaches with it.
    MARGINAL = "marginal"
    CLIFF = "cliff"


class Band(BaseModel):
    """From `from_revenue` of year-to-date partner revenue (plan currency) upwards, `rate` applies."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_revenue: Decimal = Field(alias="from", ge=0)
    rate: Decimal = Field(ge=0, le=1)


class TierRules(BaseModel):
    """Which attribution tiers are paid. Co-sell is paid only with active involvement (see `is_active`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sourced: bool = True
    co_sell: bool = True
    # Influence is tracked, never paid (DESIGN: "influence is bronze"); the plan cannot turn it on.
    influence: bool = Field(False, description="always false")
    # A partner is actively involved in a co-sell deal when it has a confirmed touch of one of these types
    # dated between the deal's creation and its close (inclusive).
    active_touch_types: tuple[TouchType, ...] = (TouchType.JOINT_CALL, TouchType.POC, TouchType.TECHNICAL_VALIDATION)

    @field_validator("influence")
    @classmethod
    def _influence_unpaid(cls, value: bool) -> bool:
        if value:
            raise ValueError("influence is tracked, not paid: it cannot be set to true")
        return value


class ProductLine(BaseModel):
    """A product line, found by a case-insensitive phrase in the deal's name or lead source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    match: tuple[str, ...] = Field(min_length=1)
    rate_multiplier: Decimal = Field(Decimal(1), ge=0)
    # The deal amount covers this many months; the first year's share of it is commissionable.
    term_months: int = Field(12, ge=1, le=120)


class CapRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    per_deal: Decimal | None = Field(None, gt=0, description="most commission on one deal, plan currency")
    per_partner_year: Decimal | None = Field(None, gt=0, description="most commission per partner per year")


class CommissionPlan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64)
    effective_from: date
    description: str = ""
    currency: str = Field("USD", description="thresholds and caps are in this currency")
    method: RateMethod = RateMethod.MARGINAL
    bands: tuple[Band, ...] = Field(min_length=1)
    tiers: TierRules = Field(default_factory=TierRules)
    product_lines: tuple[ProductLine, ...] = ()
    default_product_line: ProductLine = ProductLine(name="standard", match=("standard",))
    caps: CapRules = Field(default_factory=CapRules)
    clawback_days: int = Field(90, ge=0, description="refunds and churn this many days after close claw back")
    payout_day: int = Field(15, ge=1, le=28, description="day of the month payouts are made")

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in known_currencies():
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return value

    @model_validator(mode="after")
    def _bands_ordered(self) -> CommissionPlan:
        starts = [band.from_revenue for band in self.bands]
        if starts[0] != 0:
            raise ValueError("the first band must start from 0")
        if any(later <= earlier for earlier, later in zip(starts, starts[1:], strict=False)):
            raise ValueError("bands must start at strictly increasing revenue")
        return self

    @property
    def digest(self) -> str:
        """A short hash of the rules: an edited plan with an unchanged version is caught by it."""
        canonical = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    def product_line(self, deal_name: str, lead_source: str | None) -> ProductLine:
        """The first product line whose phrase the deal's name or lead source holds, else the default."""
        text = f"{deal_name} {lead_source or ''}".casefold()
        found = (line for line in self.product_lines if any(p.casefold() in text for p in line.match))
        return next(found, self.default_product_line)


def parse_plan(text: str, source: str) -> CommissionPlan:
    return parse_settings(CommissionPlan, text, source=source, what="commission plan", error=PlanError)


def plan_in_force(plans: list[CommissionPlan], day: date) -> CommissionPlan | None:
    """The plan whose effective date is the latest on or before `day`: a change applies only from its date."""
    eligible = [plan for plan in plans if plan.effective_from <= day]
    return max(eligible, key=lambda plan: plan.effective_from, default=None)
