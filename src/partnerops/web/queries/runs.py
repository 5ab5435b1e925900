"""The attribution run the pages show: the latest one (by when it ran)."""

from __future__ import annotations

from sqlalchemy import ScalarSelect, select

from partnerops.store.tables import attribution_runs


def latest_run() -> ScalarSelect[int]:
    """The latest run's id as a scalar subquery; NULL before the first run, so nothing is attributed."""
    runs = attribution_runs.c
    return select(runs.id).order_by(runs.ran_at.desc(), runs.id.desc()).limit(1).scalar_subquery()
