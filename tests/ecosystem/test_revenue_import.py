"""Importing recurring revenue (generic and Stripe's invoice export), value events and program costs: good rows
land, bad rows are quarantined with their row, field and value, a second import changes nothing, deletions land."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from ecosystem.ecosystem_kit import seed_records
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.service import import_file
from partnerops.store.ecosystem_tables import program_costs, revenue_periods, value_events
from partnerops.store.tables import accounts, quarantine

STRIPE = Path(__file__).parents[1] / "fixtures" / "exports" / "stripe" / "invoices.csv"
REVENUE = ("id,account_id,starts_on,ends_on,interval,amount,currency,subscription\n"
           "R1,A1,2026-01-01,,month,100.00,USD,S1\n"
           "R2,A2,2026-01-01,2027-01-01,year,1200,EUR,\n"
           "R3,A9,2026-01-01,,month,10,USD,\n"
           "R4,A1,2026-02-01,,fortnight,10,USD,\n"
           "R5,A1,2026-02-01,,month,ten,USD,\n")  # fmt: skip


def _kept(engine: Engine) -> list[tuple[int, str, str]]:
    q = quarantine.c
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(select(q.row_number, q.field, q.value).order_by(q.row_number))]


def _revenue(engine: Engine) -> list[tuple[str, str, date, date | None, str, int, str, bool]]:
    r, a = revenue_periods.c, accounts.c
    query = (select(r.external_id, a.external_id, r.starts_on, r.ends_on, r.interval, r.amount_minor, r.currency,
                    r.deleted_at.is_not(None)).join_from(revenue_periods, accounts, a.id == r.account_id)
             .order_by(r.external_id))  # fmt: skip
    with engine.connect() as c:
        return [tuple(row) for row in c.execute(query)]


def test_generic_revenue_lands_bad_rows_are_quarantined_and_a_reimport_changes_nothing(engine: Engine,
                                                                                      tmp_path: Path) -> None:
    seed_records(engine)
    path = tmp_path / "revenue.csv"
    path.write_text(REVENUE, encoding="utf-8")
    first = import_file(engine, path, "revenue", "generic")
    second = import_file(engine, path, "revenue", "generic")
    assert (first.inserted, first.quarantined) == (2, 3)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 2)
    assert _revenue(engine) == [
        ("R1", "A1", date(2026, 1, 1), None, "month", 10000, "USD", False),
        ("R2", "A2", date(2026, 1, 1), date(2027, 1, 1), "year", 120000, "EUR", False),
    ]
    assert _kept(engine) == [(4, "account_id", "A9"), (5, "interval", "fortnight"), (6, "amount", "ten")]


def test_a_revenue_row_the_source_deleted_is_marked_deleted(engine: Engine, tmp_path: Path) -> None:
    seed_records(engine)
    path = tmp_path / "revenue.csv"
    path.write_text(REVENUE.split("R3")[0], encoding="utf-8")
    import_file(engine, path, "revenue", "generic")
    path.write_text("id,account_id,starts_on,interval,amount,currency,is_deleted\n"
                    "R1,A1,2026-01-01,month,100.00,USD,true\n", encoding="utf-8")  # fmt: skip
    summary = import_file(engine, path, "revenue", "generic")
    assert summary.deleted == 1
    assert [(row[0], row[-1]) for row in _revenue(engine)] == [("R1", True), ("R2", False)]


def test_stripe_invoices_land_as_revenue_periods_with_their_interval(engine: Engine) -> None:
    seed_records(engine)
    options = ImportOptions(refs={"account": "csv"})
    first = import_file(engine, STRIPE, "revenue", "stripe", options)
    second = import_file(engine, STRIPE, "revenue", "stripe", options)
    assert _revenue(engine) == [
        ("in_1AAA", "A1", date(2026, 1, 1), date(2026, 2, 1), "month", 10000, "USD", False),
        ("in_1AAB", "A1", date(2026, 2, 1), date(2026, 3, 1), "month", 15000, "USD", False),
        ("in_1BBA", "A2", date(2026, 1, 15), date(2027, 1, 15), "year", 120000, "EUR", False),
    ]
    # The void invoice is not revenue; a 20-day period is no interval; an unknown customer account is named.
    assert first.deleted == 1
    assert _kept(engine) == [(6, "ends_on", "2026-01-30 00:00"), (7, "account_id", "A404")]
    assert (second.inserted, second.updated, second.quarantined) == (0, 0, 2)
    assert len(_kept(engine)) == 2


def test_value_events_and_program_costs_land_against_accounts_and_partners(engine: Engine, tmp_path: Path) -> None:
    seed_records(engine)
    events, costs = tmp_path / "events.csv", tmp_path / "costs.csv"
    events.write_text("id,account_id,type,occurred_on\nV1,A1,go_live,2026-03-01\nV2,A2,launch,2026-03-01\n",
                      encoding="utf-8")  # fmt: skip
    costs.write_text("id,partner_id,incurred_on,category,amount,currency\nK1,P-ACME,2026-01-31,events,2500,USD\n"
                     "K2,P-NONE,2026-01-31,events,100,USD\n", encoding="utf-8")  # fmt: skip
    assert import_file(engine, events, "value_events", "generic").inserted == 1
    assert import_file(engine, costs, "program_costs", "generic").inserted == 1
    with engine.connect() as c:
        assert c.execute(select(value_events.c.type, value_events.c.occurred_on)).all() == [
            ("go_live", date(2026, 3, 1))]
        assert c.execute(select(program_costs.c.category, program_costs.c.amount_minor)).all() == [("events", 250000)]
    assert _kept(engine) == [(3, "type", "launch"), (3, "partner_id", "P-NONE")]


def test_a_period_that_ends_before_it_starts_or_on_no_day_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    """An unreadable end is not dropped: a period without an end would read as still running."""
    seed_records(engine)
    path = tmp_path / "revenue.csv"
    path.write_text("id,account_id,starts_on,ends_on,interval,amount,currency\n"
                    "R1,A1,2026-03-01,2026-02-01,month,10,USD\nR2,A1,2026-03-01,2026-13-45,month,10,USD\n",
                    encoding="utf-8")  # fmt: skip
    summary = import_file(engine, path, "revenue", "generic")
    assert (summary.inserted, summary.quarantined) == (0, 2)
    assert "row 2: ends_on: ends_on 2026-02-01 is not after starts_on 2026-03-01" in summary.problems[0]
    assert _kept(engine) == [(2, "ends_on", "2026-02-01"), (3, "ends_on", "2026-13-45")]


def test_stripe_subscriptions_land_as_amount_times_quantity_from_start_until_ended(engine: Engine) -> None:
    seed_records(engine)
    subscriptions = STRIPE.with_name("subscriptions.csv")
    options = ImportOptions(refs={"account": "csv"})
    first = import_file(engine, subscriptions, "revenue", "stripe", options)
    second = import_file(engine, subscriptions, "revenue", "stripe", options)
    assert _revenue(engine) == [
        ("sub_1Alpha", "A1", date(2026, 1, 1), None, "month", 14700, "USD", False),
        ("sub_1Beta", "A2", date(2025, 3, 1), date(2026, 4, 10), "year", 120000, "EUR", False),
    ]
    # Still trialing: no revenue yet. Billed weekly: no interval the report reads.
    assert (first.deleted, first.quarantined) == (1, 1)
    assert _kept(engine) == [(5, "interval", "week")]
    assert (second.inserted, second.updated) == (0, 0)
