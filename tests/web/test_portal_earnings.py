"""The portal's earnings page: one currency (the partner's) with a total, the next payout, a chart per month,
statements by period, and commission lines that say why each amount is what it is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import Engine

from partnerops.commissions.earnings import partner_earnings
from partnerops.domain.money import Money
from web.earnings_world import ALPHA, PAY_ON, seed_earnings
from web.portal_world import portal_client
from web.web_world import ALPHA_USER, BRAVO_USER

TODAY = date(2026, 12, 7)


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    seed_earnings(engine)
    return engine


def _lines(engine: Engine) -> dict[str, tuple[str, ...]]:
    with engine.connect() as conn:
        earnings = partner_earnings(conn, ALPHA, TODAY, "GBP")
    return {line.deal or "": line.why for line in earnings.lines}


def test_earnings_are_totalled_in_the_partners_currency_at_booking_day_rates(seeded: Engine) -> None:
    with seeded.connect() as conn:
        earnings = partner_earnings(conn, ALPHA, TODAY, "GBP")
    assert earnings.currency == "USD"
    hooli = next(line for line in earnings.lines if line.deal == "Hooli rollout (O2)")
    assert hooli.amount.currency == "EUR" and hooli.converted == Money.from_minor(700_000, "USD")
    assert earnings.earned == Money.from_minor(1_500_000, "USD")
    assert earnings.paid == Money.from_minor(0, "USD") and earnings.pending == earnings.earned
    assert [month for month, _ in earnings.months] == ["2026-02", "2026-04", "2026-06"]
    assert earnings.periods == ("2026-Q2", "2026-Q1")
    assert earnings.next_payout is not None and earnings.next_payout.on == PAY_ON
    assert "payout batch" in earnings.next_payout.source


def test_each_line_says_why_its_amount_is_what_it_is(seeded: Engine) -> None:
    why = _lines(seeded)
    assert "sourced: you originated the deal" in why["Initech platform (O1)"]
    assert "band: 20% up to 50,000 USD, 40% above 50,000 USD of this year's partner revenue; you had brought " \
           "0 USD before this deal" in why["Initech platform (O1)"]
    hooli = why["Hooli rollout (O2)"]
    assert "capped: the yearly cap of 15,000 USD was reached on 2026-04-20" in hooli
    assert "converted at 1 EUR = 1.1 USD, the rate valid on the close date 2026-04-20" in hooli
    assert any("you had brought 40,000 USD before this deal" in phrase for phrase in hooli)
    vandelay = why["Vandelay pilot (O3)"]
    assert "co-sell share: the first-year revenue is split evenly among 2 paid partners, yours is 5,000.00 USD" \
        in vandelay
    assert "capped: the yearly cap of 15,000 USD was reached on 2026-04-20" in vandelay


def test_a_partner_without_lines_sees_its_fallback_currency_and_nothing_due(engine: Engine) -> None:
    from commissions.commission_kit import seed_partners

    seed_partners(engine)
    with engine.connect() as conn:
        earnings = partner_earnings(conn, ALPHA, TODAY, "GBP")
    assert (earnings.currency, earnings.earned, earnings.next_payout) == ("GBP", Money.from_minor(0, "GBP"), None)


def test_the_page_shows_total_payout_chart_statements_and_reasons_to_its_partner_only(seeded: Engine) -> None:
    with portal_client(seeded, ALPHA_USER) as client:
        page = client.get("/portal/earnings")
    with portal_client(seeded, BRAVO_USER) as client:
        bravo = client.get("/portal/earnings").text
    assert page.status_code == 200
    text = page.text
    assert re.search(r'id="earned">15,000.00 USD<', text)
    assert f"{PAY_ON}, by payout batch" in text
    assert "<svg" in text and "2026-04: 7,000.00 USD" in text
    assert 'href="/portal/commissions/statement.pdf?period=2026-Q2"' in text
    assert "capped: the yearly cap of 15,000 USD was reached on 2026-04-20" in text
    assert re.search(r'id="earned">1,000.00 USD<', bravo)
    assert "Initech platform" not in bravo and "Hooli rollout" not in bravo
