"""Commission plans, the double-entry ledger, statements, payout batches and disputes."""

from __future__ import annotations

from partnerops.store.tables import metadata

__all__ = ["metadata"]
