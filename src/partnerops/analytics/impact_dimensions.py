"""The groups the impact report breaks closed deals down by, and their names (light: no analytics libraries, so
renderers can name them without loading the engine)."""

from __future__ import annotations

from typing import Literal

Dimension = Literal[
    "period", "tier", "partner_type", "partner", "segment", "region", "owner", "owner_team", "product", "deal_type"
]
DIMENSION_NAMES: dict[Dimension, str] = {
    "period": "Period", "tier": "Tier", "partner_type": "Partner type", "partner": "Partner", "segment": "Segment",
    "region": "Region", "owner": "Owner", "owner_team": "Owner team", "product": "Product", "deal_type": "Deal type",
}  # fmt: skip
DIMENSIONS: tuple[Dimension, ...] = tuple(DIMENSION_NAMES)
# Breakdowns of every closed deal whose uplift compares partner-attached with direct deals inside the group.
WITHIN_GROUP: tuple[Dimension, ...] = ("period", "segment", "region", "owner", "owner_team", "product", "deal_type")
# The breakdowns whose small groups are listed among the report's cautions (the others are starred where shown).
HEADLINE_DIMENSIONS: tuple[Dimension, ...] = ("period", "tier", "partner_type", "partner")
UNKNOWN_GROUP = "unknown"
