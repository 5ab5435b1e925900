"""Accruing commissions on won deals, on SQLite and PostgreSQL: tiers, rates over the year, plan versions,
currencies, caps, and the idempotence of a re-run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from commissions.commission_kit import ACTOR, ALPHA, BRAVO, Deals, add_rate, attribute, load, make_plan, seed_partners
from partnerops.analytics.currency import MissingRate
from partnerops.commissions.accrual import accrue
from partnerops.commissions.errors import NoPlan
from partnerops.commissions.plan import PlanError
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits, commission_entries

TODAY = date(2026, 12, 31)


@pytest.fixture
def deals(engine: Engine) -> Deals:
    seed_partners(engine)
    load(engine, make_plan())
    return Deals(engine)


def _credits(engine: Engine) -> dict[tuple[int, int], tuple[str, int, str]]:
    c = commission_credits.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.opportunity_id, c.partner_id, c.status, c.commission_minor, c.reason))
        return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def _earned(engine: Engine, partner: int) -> dict[str, Money]:
    with engine.connect() as conn:
        return partner_commissions(conn, partner, TODAY).earned


def test_a_sourced_deal_earns_the_low_rate_until_the_partner_crosses_50k_then_the_high_rate(deals: Deals) -> None:
    deals.won("40000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    deals.won("20000.00", date(2026, 3, 1), {ALPHA: "sourced"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    credits = _credits(deals.engine)
    assert credits[(1, ALPHA)][1] == 8_000_00
    # 10,000 of the second deal at 20% and the 10,000 above 50,000 at 40%.
    assert credits[(2, ALPHA)][1] == 6_000_00
    assert _earned(deals.engine, ALPHA) == {"USD": Money(Decimal("14000.00"), "USD")}


def test_co_sell_is_paid_only_when_the_partner_was_actively_involved(deals: Deals) -> None:
    deals.won("10000.00", date(2026, 2, 1), {ALPHA: "co_sell_active", BRAVO: "co_sell_passive"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    credits = _credits(deals.engine)
    # Only Alpha is paid, on the whole deal: the revenue is split among the partners the plan pays.
    assert credits[(1, ALPHA)][:2] == ("accrued", 2_000_00)
    assert credits[(1, BRAVO)][0] == "tracked"
    assert "without active involvement" in credits[(1, BRAVO)][2]


def test_influence_is_tracked_and_never_reaches_the_ledger(deals: Deals) -> None:
    deals.won("10000.00", date(2026, 2, 1), {BRAVO: "influence"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    assert _credits(deals.engine)[(1, BRAVO)][0] == "tracked"
    assert _earned(deals.engine, BRAVO) == {}


def test_two_paid_partners_split_the_first_year_revenue(deals: Deals) -> None:
    deals.won("10000.01", date(2026, 2, 1), {ALPHA: "co_sell_active", BRAVO: "co_sell_active"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    credits = _credits(deals.engine)
    assert credits[(1, ALPHA)][1] + credits[(1, BRAVO)][1] == 2_000_00


def test_rerunning_the_accrual_changes_nothing(deals: Deals) -> None:
    deals.won("40000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    deals.won("30000.00", date(2026, 3, 1), {ALPHA: "co_sell_active", BRAVO: "influence"})
    attribute(deals.engine)
    first = accrue(deals.engine, TODAY, ACTOR)
    before = _credits(deals.engine)
    again = accrue(deals.engine, TODAY, ACTOR)
    assert (first.accrued, again.accrued, again.tracked, again.unchanged) == (2, 0, 0, 3)
    assert _credits(deals.engine) == before
    with deals.engine.connect() as conn:
        assert len(conn.execute(select(commission_entries.c.id)).all()) == 2


def test_a_plan_change_applies_only_to_deals_closed_from_its_effective_date(deals: Deals) -> None:
    load(deals.engine, make_plan(version="2026.2", effective_from="2026-07-01", extra="bands: [{from: 0, rate: 0.10}]"
                                 ).model_copy(update={"bands": make_plan().bands[:1]}))
    deals.won("1000.00", date(2026, 6, 30), {ALPHA: "sourced"})
    deals.won("1000.00", date(2026, 7, 1), {BRAVO: "sourced"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    c = commission_credits.c
    with deals.engine.connect() as conn:
        versions = dict(conn.execute(select(c.opportunity_id, c.plan_version)).all())
    assert versions == {1: "2026.1", 2: "2026.2"}


def test_a_deal_closed_before_any_plan_is_tracked_with_the_reason(deals: Deals) -> None:
    deals.won("1000.00", date(2025, 12, 31), {ALPHA: "sourced"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    assert "no commission plan was in force on 2025-12-31" in _credits(deals.engine)[(1, ALPHA)][2]


def test_a_euro_deal_counts_toward_the_dollar_threshold_at_the_rate_of_its_close_date(deals: Deals) -> None:
    add_rate(deals.engine, "EUR", "1.10", date(2026, 1, 1))
    add_rate(deals.engine, "EUR", "1.25", date(2026, 3, 1))
    deals.won("40000.00", date(2026, 3, 5), {ALPHA: "sourced"}, currency="EUR")  # 50,000 USD on 5 March
    deals.won("10000.00", date(2026, 3, 6), {ALPHA: "sourced"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    credits = _credits(deals.engine)
    assert credits[(1, ALPHA)][1] == 8_000_00  # 20% of 40,000 EUR, booked in EUR
    assert credits[(2, ALPHA)][1] == 4_000_00  # already past 50,000 USD: 40%
    assert set(_earned(deals.engine, ALPHA)) == {"EUR", "USD"}


def test_a_missing_rate_stops_the_accrual_with_the_currency_and_day(deals: Deals) -> None:
    deals.won("1000.00", date(2026, 3, 5), {ALPHA: "sourced"}, currency="GBP")
    attribute(deals.engine)
    with pytest.raises(MissingRate, match="GBP to USD rate valid on or before 2026-03-05"):
        accrue(deals.engine, TODAY, ACTOR)


def test_caps_limit_a_deal_and_the_partners_year(deals: Deals) -> None:
    load(deals.engine, make_plan(version="capped", effective_from="2026-06-01",
                                 extra="caps: {per_deal: 3000, per_partner_year: 5000}"))
    for closed in (date(2026, 6, 2), date(2026, 6, 3)):
        deals.won("20000.00", closed, {ALPHA: "sourced"})
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    credits = _credits(deals.engine)
    assert (credits[(1, ALPHA)][1], credits[(2, ALPHA)][1]) == (3_000_00, 2_000_00)
    assert "yearly cap" in credits[(2, ALPHA)][2]


def test_a_multi_year_product_line_pays_on_the_first_year_only(deals: Deals) -> None:
    load(deals.engine, make_plan(version="lines", effective_from="2026-06-01",
                                 extra="product_lines: [{name: platform-3yr, match: [3-year], term_months: 36}]"))
    deals.won("36000.00", date(2026, 6, 2), {ALPHA: "sourced"}, name="Acme 3-year platform")
    attribute(deals.engine)
    accrue(deals.engine, TODAY, ACTOR)
    assert _credits(deals.engine)[(1, ALPHA)][1] == 2_400_00


def test_a_deal_closed_after_as_of_waits(deals: Deals) -> None:
    deals.won("1000.00", date(2026, 9, 1), {ALPHA: "sourced"})
    attribute(deals.engine)
    assert accrue(deals.engine, date(2026, 8, 31), ACTOR).accrued == 0
    assert accrue(deals.engine, date(2026, 9, 1), ACTOR).accrued == 1


def test_accruing_without_a_plan_says_how_to_load_one(engine: Engine) -> None:
    with pytest.raises(NoPlan, match="plan load"):
        accrue(engine, TODAY, ACTOR)


def test_an_edited_plan_must_carry_a_new_version(deals: Deals) -> None:
    with pytest.raises(PlanError, match="give the edited plan a new version"):
        load(deals.engine, make_plan(method="cliff"))
    load(deals.engine, make_plan())  # the same rules again: nothing to do
