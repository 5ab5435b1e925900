"""The recruiting tables as revision 0032 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store.recruiting_tables import candidate_customers, recruiting_candidates
from store.schema_drift import drift


def test_migrated_recruiting_tables_match_their_declaration(engine: Engine) -> None:
    assert drift(engine, recruiting_candidates, candidate_customers) == []
