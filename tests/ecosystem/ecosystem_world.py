"""A planted ecosystem: 60 customers (20 sourced by Acme, 20 co-sold by Bolt with Acme influencing half, 20
direct) whose revenue expands, contracts and churns as planted, their go-lives, and what the program spent.
`Planted` recounts every figure from the plan itself, in plain Python, for the tests to compare with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, insert

from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from partnerops.store.ecosystem_tables import program_costs, revenue_periods, value_events
from partnerops.store.program_tables import mdf_claims, mdf_requests
from partnerops.store.tables import accounts, attribution_results, attribution_runs, currency_rates, opportunities
from partnerops.store.tables import partners as partner_table

AS_OF = date(2026, 12, 31)
START = date(2025, 12, 31)
ACME, BOLT = 1, 2
CUSTOMERS = 60
EUR_CUSTOMER = 5
EUR_RATE = Decimal("1.25")
PAID_AT = datetime(2026, 6, 30, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date | None
    monthly_minor: int


def group_of(i: int) -> str:
    return "sourced" if i < 20 else "co_sell" if i < 40 else "direct"


def partners_of(i: int) -> tuple[int, ...]:
    return (ACME,) if i < 20 else (BOLT, ACME) if i < 30 else (BOLT,) if i < 40 else ()


def closed_on(i: int) -> date:
    """Every fourth customer closes inside the window; the rest before it."""
    return date(2026, 2, 1) + timedelta(days=7 * i) if i % 4 == 3 else date(2025, 1, 15) + timedelta(days=i)


def first_value_on(i: int) -> date | None:
    return None if i % 8 == 7 else closed_on(i) + timedelta(days=10 + 3 * (i % 5))


def periods(i: int) -> list[Period]:
    """The planted revenue: a level from the close, then an expansion, contraction or churn as the group plants."""
    group, close = group_of(i), closed_on(i)
    base = {"sourced": 100_000, "co_sell": 80_000, "direct": 50_000}[group] + 1_000 * (i % 7)
    change = {"sourced": (i % 2 == 0, 150_000), "co_sell": (i % 5 == 0, 60_000), "direct": (False, 0)}[group]
    switch = date(2026, 6, 15)
    churns = (group == "sourced" and i in (1, 3)) or (group == "co_sell" and i % 5 == 1) or (
        group == "direct" and i % 5 < 2)
    churn_on = date(2026, 9, 10) if churns and close < switch else None
    if change[0] and close < switch:
        return [Period(close, switch, base), Period(switch, churn_on, change[1])]
    return [Period(close, churn_on, base)]


def to_usd(i: int, minor: int) -> int:
    return int(minor * EUR_RATE) if i == EUR_CUSTOMER else minor


class Planted:
    """The figures recounted from the plan."""

    @staticmethod
    def arr(i: int, day: date) -> int:
        return sum(12 * to_usd(i, p.monthly_minor) for p in periods(i)
                   if p.starts_on <= day and (p.ends_on is None or day < p.ends_on))  # fmt: skip


COSTS = {ACME: {"commissions": 300_000, "mdf": 0, "other": 250_000},
         BOLT: {"commissions": 0, "mdf": 400_000, "other": 100_000}}  # fmt: skip


def plant(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partner_table), [
            {"id": ACME, "source_system": "csv", "external_id": "P-ACME", "name": "Acme Cloud", "type": "technology"},
            {"id": BOLT, "source_system": "csv", "external_id": "P-BOLT", "name": "Bolt Systems", "type": "si"}])
        c.execute(insert(currency_rates).values(currency="EUR", quote_currency="USD", valid_on=date(2020, 1, 1),
                                                rate=str(EUR_RATE)))
        c.execute(insert(accounts), [{"id": i + 1, "source_system": "csv", "external_id": f"A{i}",
                                      "name": f"Customer {i}"} for i in range(CUSTOMERS)])
        c.execute(insert(opportunities), [
            {"id": i + 1, "source_system": "csv", "external_id": f"O{i}", "account_id": i + 1, "name": f"Deal {i}",
             "amount_minor": 1_000_000, "currency": "USD", "stage": "won", "outcome": "won",
             "created_on": closed_on(i) - timedelta(days=60), "closed_on": closed_on(i)} for i in range(CUSTOMERS)])
        _plant_attribution(c)
        _plant_revenue(c)
        c.execute(insert(value_events), [
            {"source_system": "csv", "external_id": f"V{i}", "account_id": i + 1, "type": "go_live",
             "occurred_on": first_value_on(i)} for i in range(CUSTOMERS) if first_value_on(i) is not None])
        _plant_costs(c)


def _plant_attribution(c: object) -> None:
    run = c.execute(insert(attribution_runs).values(  # type: ignore[attr-defined]
        policy_version="planted", policy_digest="abc123", policy={}, ran_at=datetime(2027, 1, 1, tzinfo=UTC),
        opportunities=CUSTOMERS, attributions=0)).inserted_primary_key[0]
    tier = {"sourced": "sourced", "co_sell": "co_sell"}
    rows = [{"run_id": run, "opportunity_id": i + 1, "partner_id": p, "evidence": [],
             "tier": tier[group_of(i)] if p == partners_of(i)[0] else "influence"}
            for i in range(CUSTOMERS) for p in partners_of(i)]
    c.execute(insert(attribution_results), rows)  # type: ignore[attr-defined]


def _plant_revenue(c: object) -> None:
    rows = [{"source_system": "csv", "external_id": f"R{i}-{n}", "account_id": i + 1, "starts_on": p.starts_on,
             "ends_on": p.ends_on, "interval": "month", "amount_minor": p.monthly_minor,
             "currency": "EUR" if i == EUR_CUSTOMER else "USD"}
            for i in range(CUSTOMERS) for n, p in enumerate(periods(i))]
    c.execute(insert(revenue_periods), rows)  # type: ignore[attr-defined]
    # A period the source deleted counts nowhere.
    c.execute(insert(revenue_periods).values(  # type: ignore[attr-defined]
        source_system="csv", external_id="R-gone", account_id=1, starts_on=date(2025, 1, 1), interval="year",
        amount_minor=9_999_999, currency="USD", deleted_at=PAID_AT))


def _plant_costs(c: object) -> None:
    ex = c.execute  # type: ignore[attr-defined]
    ex(insert(commission_payout_batches).values(id=1, status="paid", through=date(2026, 6, 1), pay_on=date(2026, 6, 30),
                                                created_by="f", created_at=PAID_AT, paid_at=PAID_AT))
    ex(insert(commission_payout_items).values(batch_id=1, partner_id=ACME, currency="USD",
                                              amount_minor=COSTS[ACME]["commissions"]))
    ex(insert(mdf_requests).values(id=1, partner_id=BOLT, period="2026", title="Roadshow", plan="p",
                                   budget_minor=500_000, currency="USD", starts_on=date(2026, 3, 1),
                                   ends_on=date(2026, 4, 1), status="approved", submitted_at=PAID_AT,
                                   submitted_by="b"))
    ex(insert(mdf_claims).values(request_id=1, partner_id=BOLT, amount_minor=COSTS[BOLT]["mdf"], currency="USD",
                                 proof_reference="f", proof_description="d", status="reimbursed",
                                 claimed_at=PAID_AT, claimed_by="b", reimbursed_at=PAID_AT))
    ex(insert(program_costs), [
        {"source_system": "csv", "external_id": f"K{p}", "partner_id": p, "incurred_on": date(2026, 3, 31),
         "category": "events", "amount_minor": COSTS[p]["other"], "currency": "USD"} for p in (ACME, BOLT)])
    # Spent before the window: not this window's cost.
    ex(insert(program_costs).values(source_system="csv", external_id="K-old", partner_id=ACME,
                                    incurred_on=date(2025, 6, 30), category="events", amount_minor=7_777_700,
                                    currency="USD"))
