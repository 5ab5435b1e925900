"""MDF return on a small program: the deals a funded activity's window holds, per MDF dollar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine

from partnerops.domain.money import Money
from partnerops.program.mdf import allocate_funds
from partnerops.program.mdf_claims import approve_claim, submit_claim
from partnerops.program.mdf_model import ClaimInput, RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.program.mdf_return import mdf_returns
from program.program_kit import ACME, ACME_USER, BOLT, MANAGER, NOW, deal, seed_deals, seed_partners


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def _fund_march_event(engine: Engine, claim: Money | None) -> int:
    with engine.begin() as c:
        allocate_funds(c, MANAGER, ACME, "2026", usd("50000"), NOW)
        form = RequestInput("2026", "Roadshow", "Five cities", usd("3000"), date(2026, 3, 1), date(2026, 3, 31))
        request = approve_request(c, MANAGER, submit_request(c, ACME_USER, form, now=NOW).id, NOW)
        if claim is not None:
            filed = submit_claim(c, ACME_USER, request.id, ClaimInput(claim, "https://proof/roadshow", "leads"), NOW)
            approve_claim(c, MANAGER, filed.id, NOW)
    return request.id


def test_return_counts_the_partners_share_of_deals_created_in_the_window(engine: Engine) -> None:
    seed_partners(engine)
    deals = [
        deal(1, date(2026, 3, 10), "won", 20_000),  # Acme alone, in the window
        deal(2, date(2026, 4, 5), "open", 10_000, "EUR"),  # Acme and Bolt, 12,500 USD: half is Acme's
        deal(3, date(2026, 8, 1), "won", 99_000),  # after the window (March + 90 days)
        deal(4, date(2026, 3, 15), "won", 50_000),  # Bolt's alone
        deal(5, date(2026, 5, 1), "won", 8_000),  # both: linear credit splits it 4,000 each
    ]
    seed_deals(engine, deals, {1: (ACME,), 2: (ACME, BOLT), 3: (ACME,), 4: (BOLT,), 5: (ACME, BOLT)})
    request_id = _fund_march_event(engine, usd("2500"))

    (found,) = mdf_returns(engine, "USD", partner_id=ACME)

    assert (found.request_id, found.deals, found.spend_basis, found.spend) == (request_id, 3, "claims", usd("2500"))
    assert found.window == (date(2026, 3, 1), date(2026, 6, 29))
    assert found.pipeline == usd("30250.00") and found.won == usd("24000.00")
    assert (found.pipeline_per_dollar, found.won_per_dollar) == (Decimal("12.10"), Decimal("9.60"))


def test_before_any_claim_the_return_is_per_budgeted_dollar_and_nothing_won_is_zero(engine: Engine) -> None:
    seed_partners(engine)
    seed_deals(engine, [deal(1, date(2026, 3, 10), "lost", 6_000)], {1: (ACME,)})
    _fund_march_event(engine, None)
    (found,) = mdf_returns(engine, "USD")
    assert (found.spend_basis, found.spend, found.pipeline, found.won) == ("budget", usd("3000"), usd("6000"), usd("0"))
    assert found.pipeline_per_dollar == Decimal("2.00")
