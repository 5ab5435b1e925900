"""A small impact report on a real SQLite database, shared by the renderer tests."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report


@pytest.fixture
def report(sqlite_engine: Engine) -> ImpactReport:
    """Acme wins 3 of 4 co-sell deals, Bolt 1 sourced deal, direct wins 1 of 4; one EUR deal; open pipeline."""
    with sqlite_engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("EUR", date(2024, 1, 1), "1.08345")
        acme = rows.partner("Acme Cloud", "technology", joined_on=date(2024, 11, 1))
        bolt = rows.partner("Bolt <SI>", "si")
        for outcome in ["won", "won", "won", "lost"]:
            rows.deal(outcome, 1000_00, partners={acme: "co_sell"})
        rows.deal("won", 1234_56, currency="EUR", closed_on=date(2025, 4, 2), partners={bolt: "sourced"})
        for outcome in ["won", "lost", "lost", "lost"]:
            rows.deal(outcome, 500_00)
        rows.deal("open", 700_00, stage="Proposal", expected_close_on=date(2026, 3, 1), partners={acme: "influence"})
    return impact_report(sqlite_engine, ImpactOptions(as_of=date(2026, 1, 15)))
