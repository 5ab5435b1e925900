"""An approved payout batch for Alpha (2,000 USD) and Bravo (1,000 USD), their payment details sealed, and the
providers pointed at the loopback fake."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select

from commissions.commission_kit import ACTOR, ALPHA, BRAVO, Deals, attribute, load, make_plan, seed_partners
from partnerops.commissions import payouts
from partnerops.commissions.accrual import accrue
from partnerops.commissions.ledger import EntryKind
from partnerops.payments.details import PaymentDetails, save_details
from partnerops.payments.paypal import PayPalPayouts
from partnerops.payments.stripe import StripeTransfers
from partnerops.store.commission_tables import commission_entries
from payments.fake_providers import (
    PAYPAL_ID,
    PAYPAL_SECRET,
    PAYPAL_WEBHOOK_ID,
    STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET,
    FakeProviders,
)

__all__ = ["ALPHA", "BRAVO", "KEY", "NOW", "Batch", "approved_batch", "payout_entries", "paypal", "stripe"]

KEY = os.urandom(32)
KEY_TEXT = base64.b64encode(KEY).decode()
# The batch pays on 15 March 2026; runs happen the day after unless a test moves the clock.
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Batch:
    engine: Engine
    id: int


def approved_batch(engine: Engine) -> Batch:
    seed_partners(engine)
    load(engine, make_plan())
    deals = Deals(engine)
    deals.won("10000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    deals.won("5000.00", date(2026, 2, 3), {BRAVO: "sourced"})
    attribute(engine)
    accrue(engine, date(2026, 2, 28), ACTOR)
    batch = payouts.create_batch(engine, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    payouts.approve_batch(engine, batch.id, ACTOR)
    save_details(engine, ALPHA, PaymentDetails("Alpha Cloud Ltd", "GB", "GB123456789", "acct_1Alpha",
                                               "pay@alpha.test"), KEY, ACTOR)  # fmt: skip
    save_details(engine, BRAVO, PaymentDetails("Bravo Systems Inc", "US", "12-3456789", "acct_1Bravo",
                                               "pay@bravo.test"), KEY, ACTOR)  # fmt: skip
    return Batch(engine, batch.id)


def stripe(fake: FakeProviders, timeout: float = 0.5) -> StripeTransfers:
    return StripeTransfers(STRIPE_KEY, STRIPE_WEBHOOK_SECRET, base_url=fake.url, timeout=timeout)


def paypal(fake: FakeProviders, timeout: float = 0.5) -> PayPalPayouts:
    return PayPalPayouts(PAYPAL_ID, PAYPAL_SECRET, PAYPAL_WEBHOOK_ID, base_url=fake.url, timeout=timeout)


def payout_entries(engine: Engine) -> list[tuple[int, str]]:
    e = commission_entries.c
    with engine.connect() as conn:
        rows = conn.execute(select(e.partner_id, e.key).where(e.kind == EntryKind.PAYOUT.value).order_by(e.key))
        return [(p, k) for p, k in rows]
