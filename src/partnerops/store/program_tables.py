"""MDF funds, requests and claims; lifecycle, tiers, enablement, health and experiments."""

from __future__ import annotations

from partnerops.store.tables import metadata

__all__ = ["metadata"]
