"""Alert rules on conversation signals and their deliveries (webhook and mail), with dead letters."""

from __future__ import annotations

from partnerops.store.tables import metadata

__all__ = ["metadata"]
