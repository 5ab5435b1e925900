"""Inserting the rows an impact report reads, straight into the store tables."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy import Connection, delete, insert

from partnerops.store.history_tables import line_items
from partnerops.store.tables import (
    accounts,
    attribution_results,
    attribution_runs,
    currency_rates,
    opportunities,
    partners,
)

_ids = itertools.count(1)


class ImpactRows:
    """One account, one attribution run (more on request), and partners and deals added by the test."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.account_id = self._insert(accounts, name="Acme", **self._source())
        self.run_id = self.run("v1")

    def _insert(self, table: object, **values: object) -> int:
        result = self.connection.execute(insert(table).values(**values))  # type: ignore[arg-type]
        return int(result.inserted_primary_key[0])

    @staticmethod
    def _source() -> dict[str, str]:
        return {"source_system": "test", "external_id": f"x{next(_ids)}"}

    def run(self, version: str, ran_at: datetime | None = None) -> int:
        self.run_id = self._insert(
            attribution_runs,
            policy_version=version,
            policy_digest=f"d{next(_ids)}"[:12],
            policy={},
            ran_at=ran_at or datetime(2026, 1, 1, tzinfo=UTC),
            opportunities=0,
            attributions=0,
        )
        return self.run_id

    def product(self, deal_id: int, product: str) -> None:
        """A line item of `product` on the deal."""
        self._insert(line_items, opportunity_id=deal_id, product=product, **self._source())

    def account(self, name: str, segment: str | None = None, region: str | None = None) -> int:
        return self._insert(accounts, name=name, segment=segment, region=region, **self._source())

    def partner(self, name: str, type: str = "reseller", joined_on: date | None = None) -> int:
        return self._insert(partners, name=name, type=type, joined_on=joined_on, **self._source())

    def rate(self, currency: str, valid_on: date, rate: str, quote: str = "USD") -> None:
        self._insert(currency_rates, currency=currency, quote_currency=quote, valid_on=valid_on, rate=rate)

    def deal(
        self,
        outcome: str,
        amount_minor: int | None = 100_000,
        *,
        currency: str = "USD",
        created_on: date = date(2025, 1, 1),
        closed_on: date | None = date(2025, 2, 1),
        expected_close_on: date | None = None,
        stage: str | None = None,
        partners: dict[int, str] | None = None,
        account_id: int | None = None,
        **columns: object,
    ) -> int:
        """A deal; `partners` maps partner id to that partner's tier on it in the current run; `columns` sets
        further opportunity columns (owner, owner_team, deal_type, deleted_at)."""
        deal_id = self._insert(
            opportunities,
            account_id=account_id or self.account_id,
            name=f"deal {next(_ids)}",
            amount_minor=amount_minor,
            currency=currency,
            stage=stage or {"won": "Closed Won", "lost": "Closed Lost"}.get(outcome, "Discovery"),
            outcome=outcome,
            created_on=created_on,
            closed_on=None if outcome == "open" else closed_on,
            expected_close_on=expected_close_on,
            **self._source(),
            **columns,
        )
        for partner_id, tier in (partners or {}).items():
            self.attribute(deal_id, partner_id, tier)
        return deal_id

    def attribute(self, deal_id: int, partner_id: int, tier: str, run_id: int | None = None) -> None:
        self._insert(
            attribution_results,
            run_id=run_id or self.run_id,
            opportunity_id=deal_id,
            partner_id=partner_id,
            tier=tier,
            evidence=[],
        )


def clear(connection: Connection) -> None:
    """Empty every table the impact report reads (for property tests that reuse one database)."""
    for table in (line_items, attribution_results, attribution_runs, opportunities, partners, accounts, currency_rates):
        connection.execute(delete(table))
