"""The impact report on hand-built data: each figure, and the edges where a figure is undefined or missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from analytics.impact_rows import ImpactRows
from partnerops.analytics.currency import MissingRate
from partnerops.analytics.impact import ImpactOptions, ImpactReport, InvalidPeriod, impact_report
from partnerops.domain.money import Money
from partnerops.store.attribution_runs import NoAttributionRun

AS_OF = date(2026, 1, 15)


def report(engine: Engine, **options: object) -> ImpactReport:
    return impact_report(engine, ImpactOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def test_overall_win_rates_count_closed_deals_only_and_uplift_compares_them(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme Cloud")
        for outcome in ["won", "won", "won", "lost"]:
            rows.deal(outcome, partners={acme: "co_sell"})
        for outcome in ["won", "lost", "lost", "lost"]:
            rows.deal(outcome)
        rows.deal("open", partners={acme: "sourced"})
    overall = report(engine).overall
    assert (overall.attached_won, overall.attached_closed) == (3, 4)
    assert (overall.direct_won, overall.direct_closed) == (1, 4)
    assert overall.win_rate_attached.value == pytest.approx(0.75)
    assert overall.win_rate_direct.value == pytest.approx(0.25)
    assert overall.uplift.value == pytest.approx(3.0)
    assert overall.uplift.low is not None and overall.uplift.low < 3.0 < (overall.uplift.high or 0)
    assert overall.cautions and "only 4 closed deals" in overall.cautions[0]


def test_uplift_is_undefined_not_zero_without_closed_direct_deals(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme Cloud")
        rows.deal("won", partners={acme: "influence"})
        rows.deal("lost", partners={acme: "influence"})
        rows.deal("open")
    overall = report(engine).overall
    assert overall.win_rate_attached.value == pytest.approx(0.5)
    assert not overall.win_rate_direct.defined
    assert not overall.uplift.defined
    assert overall.uplift.undefined is not None and "no closed direct deals" in overall.uplift.undefined


def test_deal_tier_is_the_highest_partner_tier_and_mix_counts_won_amounts(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme, bolt = rows.partner("Acme"), rows.partner("Bolt", type="si")
        rows.deal("won", 100_00, partners={acme: "influence", bolt: "sourced"})
        rows.deal("won", 250_00, partners={acme: "co_sell"})
        rows.deal("won", 50_00, closed_on=date(2025, 5, 3))
        rows.deal("lost", 999_00, partners={bolt: "sourced"})
    built = report(engine)
    overall_mix = {m.tier: (m.won, m.amount) for m in built.mix if m.period == "all"}
    assert overall_mix == {
        "sourced": (1, usd("100.00")),
        "co_sell": (1, usd("250.00")),
        "influence": (0, usd("0.00")),
        "direct": (1, usd("50.00")),
    }
    q2 = {m.tier: m.won for m in built.mix if m.period == "2025-Q2"}
    assert q2 == {"sourced": 0, "co_sell": 0, "influence": 0, "direct": 1}
    assert built.segment("partner_type", "si").closed == 2


def test_deal_size_and_cycle_time_are_over_won_deals(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        for amount, days in [(100_00, 10), (201_01, 20), (300_00, 40), (400_00, 50)]:
            rows.deal("won", amount, created_on=date(2025, 1, 1), closed_on=date(2025, 1, 1) + timedelta(days=days))
        rows.deal("lost", 10_000_00)
    direct = report(engine).segment("tier", "direct")
    assert direct.mean_deal_size == usd("250.25")
    assert direct.median_deal_size == usd("250.50")  # (201.01 + 300.00) / 2 = 250.505, half-even
    assert direct.median_cycle_days == pytest.approx(30.0)
    assert not direct.uplift.defined


def test_three_won_attached_deals_prove_a_partner_and_two_do_not(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        proven = rows.partner("Proven", joined_on=date(2024, 12, 1))
        trying = rows.partner("Trying", joined_on=date(2025, 1, 10))
        rows.partner("Idle")
        for day in (5, 9, 20):
            rows.deal("won", closed_on=date(2025, 3, day), partners={proven: "influence"})
        rows.deal("won", closed_on=date(2025, 2, 1), partners={trying: "sourced"})
        rows.deal("won", closed_on=date(2025, 4, 1), partners={trying: "sourced"})
        rows.deal("lost", partners={trying: "sourced"})
    partners = {p.name: p for p in report(engine).partners}
    assert (partners["Proven"].won_deals, partners["Proven"].status) == (3, "proven")
    assert (partners["Trying"].won_deals, partners["Trying"].status) == (2, "not yet proven")
    assert partners["Proven"].first_won_on == date(2025, 3, 5)
    assert partners["Proven"].days_to_first_deal == (date(2025, 3, 5) - date(2024, 12, 1)).days
    assert partners["Trying"].days_to_first_deal == 22
    assert (partners["Idle"].won_deals, partners["Idle"].days_to_first_deal) == (0, None)


def test_amounts_convert_exactly_at_the_rate_valid_on_the_close_date(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("EUR", date(2025, 1, 1), "1.08345")
        rows.rate("EUR", date(2025, 3, 1), "1.2")
        rows.rate("JPY", date(2024, 1, 1), "0.0066667")
        rows.deal("won", 1234_56, currency="EUR", closed_on=date(2025, 2, 28))
        rows.deal("won", 1000_00, currency="EUR", closed_on=date(2025, 3, 1))
        rows.deal("won", 150_001, currency="JPY", closed_on=date(2025, 2, 1))
        rows.deal("won", 10_00)
    direct = report(engine).segment("tier", "direct")
    # 1234.56 x 1.08345 = 1337.5841832 -> 1337.58; 150001 x 0.0066667 = 1000.0116667 -> 1000.01
    assert direct.won_amount == usd("3547.59")  # 1337.58 + 1200.00 + 1000.01 + 10.00


def test_a_deal_in_a_currency_without_a_rate_is_an_error_naming_it(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("GBP", date(2025, 6, 1), "1.27")
        rows.deal("won", 500_00, currency="GBP", closed_on=date(2025, 2, 1))
    with pytest.raises(MissingRate, match="no GBP to USD rate valid on or before 2025-02-01"):
        report(engine)


def test_open_pipeline_is_priced_at_expected_close_or_the_report_date(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme")
        rows.rate("EUR", date(2025, 1, 1), "1.1")
        rows.rate("EUR", date(2026, 1, 1), "1.3")
        rows.deal("open", 100_00, currency="EUR", stage="Proposal", expected_close_on=date(2025, 6, 1))
        rows.deal("open", 100_00, currency="EUR", stage="Proposal", partners={acme: "co_sell"})
        rows.deal("open", 5_00, stage="Proposal", partners={acme: "influence"})
    pipeline = {(p.tier, p.stage): (p.deals, p.amount) for p in report(engine).pipeline}
    assert pipeline == {
        ("co_sell", "Proposal"): (1, usd("130.00")),
        ("influence", "Proposal"): (1, usd("5.00")),
        ("direct", "Proposal"): (1, usd("110.00")),
    }


def test_reporting_currency_and_month_periods_and_date_window(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        rows.rate("USD", date(2020, 1, 1), "0.5", quote="EUR")
        rows.deal("won", 10_00, closed_on=date(2025, 1, 31))
        rows.deal("won", 30_00, closed_on=date(2025, 2, 1))
        rows.deal("lost", closed_on=date(2025, 3, 1))
    built = report(engine, currency="EUR", period="month", since=date(2025, 2, 1), until=date(2025, 2, 28))
    assert [c.scope for c in built.by_period] == ["2025-02"]
    assert built.segment("period", "2025-02").won_amount == Money(Decimal("15.00"), "EUR")


def test_the_latest_run_is_used_unless_a_policy_version_is_chosen(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        acme = rows.partner("Acme")
        deal = rows.deal("won", partners={acme: "sourced"})
        old_run = rows.run_id
        rows.run("v2", ran_at=datetime(2026, 1, 2, tzinfo=UTC))
        rows.attribute(deal, acme, "influence")
    latest = report(engine)
    chosen = report(engine, policy_version="v1")
    assert (latest.run.policy_version, chosen.run.id) == ("v2", old_run)
    assert [m.tier for m in latest.mix if m.period == "all" and m.won] == ["influence"]
    assert [m.tier for m in chosen.mix if m.period == "all" and m.won] == ["sourced"]
    with pytest.raises(NoAttributionRun, match="'v9'.*v1, v2"):
        report(engine, policy_version="v9")


def test_without_any_run_the_error_says_to_run_attribution(engine: Engine) -> None:
    with pytest.raises(NoAttributionRun, match="partnerops attribution run"):
        report(engine)


def test_an_unknown_period_is_refused(engine: Engine) -> None:
    with pytest.raises(InvalidPeriod, match="quarter, month, year"):
        report(engine, period="week")
