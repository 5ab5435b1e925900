"""The routing rules: the weights of the four parts of a candidate's score, the default capacity, the response SLA
and per-partner capacities for what-if runs. The rules in force are the YAML file PARTNEROPS_ROUTING_RULES names,
else the shipped ones in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnerops.routing.errors import RoutingError
from partnerops.settings import get_settings
from partnerops.store.settings_files import read_configured_file

__all__ = ["DEFAULT_RULES", "RoutingRules", "RulesError", "Weights", "load_rules"]

DEFAULT_RULES = files("partnerops.routing") / "rules" / "default.yaml"


class RulesError(RoutingError, ValueError):
    """A routing rules file that cannot be read or holds a bad value (named with its file and field)."""


class Weights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    capability: float = Field(ge=0)
    region: float = Field(ge=0)
    tier: float = Field(ge=0)
    capacity: float = Field(ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if not sum(self.as_dict().values()) > 0:
            raise ValueError("at least one weight must be above 0")
        return self

    def as_dict(self) -> dict[str, float]:
        return {"capability": self.capability, "region": self.region, "tier": self.tier, "capacity": self.capacity}


class RoutingRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64)
    weights: Weights
    default_capacity: int = Field(ge=0)
    sla_hours: int = Field(ge=1, le=24 * 90)
    capacities: dict[str, int] = Field(default_factory=dict)

    def capacity_of(self, external_id: str, profile_capacity: int | None) -> int:
        """This file's capacity for the partner, else its profile's, else the default."""
        if external_id in self.capacities:
            return self.capacities[external_id]
        return self.default_capacity if profile_capacity is None else profile_capacity


def load_rules(path: Path | None = None) -> RoutingRules:
    """The rules in `path`, else the rules in force (PARTNEROPS_ROUTING_RULES's file, else the shipped rules)."""
    return read_configured_file(RoutingRules, path, get_settings().routing_rules, DEFAULT_RULES,
                                setting="PARTNEROPS_ROUTING_RULES", name="routing rules", what="rules",
                                error=RulesError)  # fmt: skip
