"""Partner account lists, match decisions and sharing levels for account mapping."""

from __future__ import annotations

from partnerops.store.tables import metadata

__all__ = ["metadata"]
