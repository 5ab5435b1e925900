"""Accounts and partners the ecosystem tests import revenue, value events and costs against."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert

from partnerops.store.tables import accounts, currency_rates, partners

ACCOUNTS = ("A1", "A2", "A3")


def seed_records(engine: Engine) -> None:
    """Three accounts (A1..A3), partners P-ACME and P-BOLT, and a EUR to USD rate."""
    with engine.begin() as c:
        c.execute(insert(accounts), [{"source_system": "csv", "external_id": ref, "name": f"Customer {ref}"}
                                     for ref in ACCOUNTS])  # fmt: skip
        c.execute(insert(partners), [
            {"source_system": "csv", "external_id": "P-ACME", "name": "Acme Cloud", "type": "technology"},
            {"source_system": "csv", "external_id": "P-BOLT", "name": "Bolt Systems", "type": "si"},
        ])  # fmt: skip
        c.execute(insert(currency_rates).values(currency="EUR", quote_currency="USD", valid_on=date(2020, 1, 1),
                                                rate="1.25"))  # fmt: skip
