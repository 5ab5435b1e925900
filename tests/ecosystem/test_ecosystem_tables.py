"""The ecosystem tables as revision 0027 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store import ecosystem_tables
from store.schema_drift import drift


def test_migrated_ecosystem_tables_match_their_declaration(engine: Engine) -> None:
    assert drift(engine, ecosystem_tables.revenue_periods, ecosystem_tables.value_events,
                 ecosystem_tables.program_costs) == []
