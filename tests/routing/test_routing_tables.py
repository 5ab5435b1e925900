"""The routing tables as revision 0033 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store.routing_tables import routing_applications, routing_leads, routing_offers, routing_profiles
from store.schema_drift import drift


def test_migrated_routing_tables_match_their_declaration(engine: Engine) -> None:
    assert drift(engine, routing_profiles, routing_leads, routing_offers, routing_applications) == []
