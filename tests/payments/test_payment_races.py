"""Races on SQLite and PostgreSQL: two runs executing one batch pay each line once, and concurrent deliveries of
one confirmation post the payout once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from concurrency.race import losers, race
from partnerops.commissions.payouts import BatchStatus, list_batches
from partnerops.payments.execute import execute_batch
from partnerops.payments.lines import lines_of
from partnerops.payments.reconcile import apply_event
from payments.fake_providers import FakeProviders
from payments.payments_kit import ALPHA, KEY, NOW, Batch, approved_batch, payout_entries, paypal, stripe


@pytest.fixture
def batch(engine: Engine) -> Batch:
    return approved_batch(engine)


@pytest.mark.parametrize("provider", ["stripe", "paypal"])
def test_two_runs_executing_one_batch_pay_each_line_once(batch: Batch, fake: FakeProviders, provider: str) -> None:
    make = stripe if provider == "stripe" else paypal
    results = race(lambda _: execute_batch(batch.engine, batch.id, make(fake), KEY, NOW), 4)
    assert losers(results) == []
    assert sum(r.outcomes["sent"] for r in results) == 2 and sum(fake.created.values()) == 2
    # Every line sent by exactly one run; the others found it taken, in flight or already sent.
    others = {outcome for r in results for outcome in r.outcomes} - {"sent"}
    assert others <= {"taken by another run", "in flight", "already sent"}
    with batch.engine.connect() as conn:
        assert {line.state.value for line in lines_of(conn, batch.id)} == {"sent"}


def test_concurrent_deliveries_of_one_confirmation_post_the_payout_once(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    with batch.engine.connect() as conn:
        key = next(line.key for line in lines_of(conn, batch.id) if line.partner_id == ALPHA)
    body, headers = fake.stripe_event("transfer.created", key, "evt_race")
    event = stripe(fake).parse_webhook(body, headers)
    results = race(lambda _: apply_event(batch.engine, "stripe", event, NOW).outcome, 4)
    assert losers(results) == []
    assert sorted(results) == ["confirmed", "duplicate", "duplicate", "duplicate"]
    assert payout_entries(batch.engine) == [(ALPHA, f"payout:{batch.id}:{ALPHA}:USD")]
    assert list_batches(batch.engine)[0].status is BatchStatus.APPROVED
