"""The payment tables as revision 0030 creates them are the tables the code declares, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.store import payment_tables
from store.schema_drift import drift


def test_migrated_payment_tables_match_their_declaration(engine: Engine) -> None:
    assert drift(engine, payment_tables.payment_lines, payment_tables.payment_events,
                 payment_tables.partner_payment_details) == []
