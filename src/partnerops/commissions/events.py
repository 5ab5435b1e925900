"""Importing refund and churn events through the import pipeline (validation, quarantine, idempotent upsert)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.service import import_file

__all__ = ["EVENT_KIND", "import_events"]

EVENT_KIND = "commission_events"


def import_events(engine: Engine, path: Path, options: ImportOptions | None = None) -> ImportSummary:
    """Load FILE's refund/churn rows; `partnerops commissions accrue` then reverses or claws back."""
    return import_file(engine, path, EVENT_KIND, "generic", options)
