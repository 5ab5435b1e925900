"""Executing an approved batch through Stripe against the loopback fake: every line paid exactly once, whatever
fails when (5xx, 429, a timeout or a dropped connection after the provider acted, a refusal, a run killed between
sending and recording), and nothing before its holding period ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from partnerops.commissions.payouts import BatchStatus, list_batches
from partnerops.payments.errors import PaymentConflict
from partnerops.payments.execute import execute_batch, plan_lines
from partnerops.payments.lines import LineState, claim, lines_of
from partnerops.payments.providers import Transfer
from partnerops.store.payment_tables import payment_lines
from payments.fake_providers import FakeProviders
from payments.payments_kit import ALPHA, BRAVO, KEY, NOW, Batch, approved_batch, paypal, stripe

LATER = NOW + timedelta(hours=7)


@pytest.fixture
def batch(engine: Engine) -> Batch:
    return approved_batch(engine)


def _states(batch: Batch) -> dict[int, str]:
    with batch.engine.connect() as conn:
        return {line.partner_id: line.state.value for line in lines_of(conn, batch.id)}


def _paid_once(fake: FakeProviders, batch: Batch) -> None:
    with batch.engine.connect() as conn:
        bases = {line.key.split("~")[0] for line in lines_of(conn, batch.id)}
    assert sum(fake.created.values()) == len(bases) == 2
    assert {k.split("~")[0] for k in fake.created} == bases


def test_an_approved_batch_is_sent_once_per_line(batch: Batch, fake: FakeProviders) -> None:
    report = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert report.outcomes == {"sent": 2}
    assert _states(batch) == {ALPHA: "sent", BRAVO: "sent"}
    again = execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER)
    assert again.outcomes == {"already sent": 2}
    _paid_once(fake, batch)
    amounts = sorted((t["destination"], t["amount"], t["currency"]) for t in fake.transfers.values())
    assert amounts == [("acct_1Alpha", 200000, "usd"), ("acct_1Bravo", 100000, "usd")]


def test_nothing_is_sent_before_the_holding_period_ends(batch: Batch, fake: FakeProviders) -> None:
    early = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW - timedelta(days=2))
    assert early.outcomes == {"held": 2} and not fake.created
    held = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert held.outcomes == {"sent": 2}


def test_a_holding_period_past_the_through_day_keeps_lines_back(batch: Batch, fake: FakeProviders) -> None:
    report = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW, holding_days=30)
    assert report.outcomes == {"held": 2}  # through 28 February + 30 days = 30 March
    later = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW + timedelta(days=14))
    assert later.outcomes == {"sent": 2}


@pytest.mark.parametrize("fault", ["500", "429", "stall", "drop"])
def test_an_unknown_outcome_is_retried_with_the_same_key(batch: Batch, fake: FakeProviders, fault: str) -> None:
    fake.inject("/v1/transfers", fault)
    first = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert first.outcomes == {"unknown, will retry": 1, "sent": 1}
    with batch.engine.connect() as conn:
        waiting = next(line for line in lines_of(conn, batch.id) if line.state is LineState.SENDING)
    assert waiting.next_attempt_at is not None and waiting.next_attempt_at > NOW
    soon = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW + timedelta(seconds=1))
    assert soon.outcomes == {"waiting to retry": 1, "already sent": 1}
    retried = execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER)
    assert retried.outcomes == {"sent": 1, "already sent": 1}
    _paid_once(fake, batch)


def test_a_refusal_fails_the_line_and_the_retry_uses_a_new_key(batch: Batch, fake: FakeProviders) -> None:
    fake.inject("/v1/transfers", "refuse")
    first = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert first.outcomes == {"failed, will retry": 1, "sent": 1}
    assert any("insufficient funds" in note for note in first.notes)
    with batch.engine.connect() as conn:
        failed = next(line for line in lines_of(conn, batch.id) if line.state is LineState.FAILED)
    assert failed.key.endswith("~1")
    assert execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER).outcomes == {"sent": 1, "already sent": 1}
    _paid_once(fake, batch)


def test_a_run_killed_between_send_and_record_is_taken_over_after_the_lease(batch: Batch,
                                                                            fake: FakeProviders) -> None:
    with batch.engine.begin() as conn:
        plan_lines(conn, batch.id, "stripe", 0, NOW)
        line = lines_of(conn, batch.id)[0]
        assert claim(conn, line.id, NOW) is not None
    stripe(fake).send(Transfer(line.key, line.amount, "acct_1Alpha", "payout"))  # ... and the run dies here
    meanwhile = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW + timedelta(minutes=5))
    assert meanwhile.outcomes == {"in flight": 1, "sent": 1}
    after = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW + timedelta(minutes=11))
    assert after.outcomes == {"sent": 1, "already sent": 1}
    _paid_once(fake, batch)


def test_only_an_approved_batch_is_executed_and_only_through_one_provider(batch: Batch,
                                                                         fake: FakeProviders) -> None:
    from partnerops.store.commission_tables import commission_payout_batches as batches

    with batch.engine.begin() as conn:
        conn.execute(batches.update().where(batches.c.id == batch.id).values(status="draft"))
    with pytest.raises(PaymentConflict, match="is draft: only an approved batch"):
        execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    with batch.engine.begin() as conn:
        conn.execute(batches.update().where(batches.c.id == batch.id).values(status="approved"))
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    with pytest.raises(PaymentConflict, match="already paid through stripe"):
        execute_batch(batch.engine, batch.id, paypal(fake), KEY, NOW)
    with pytest.raises(PaymentConflict, match="no payout batch 99"):
        execute_batch(batch.engine, 99, stripe(fake), KEY, NOW)


def test_a_partner_without_details_waits(batch: Batch, fake: FakeProviders) -> None:
    from partnerops.store.payment_tables import partner_payment_details

    with batch.engine.begin() as conn:
        conn.execute(partner_payment_details.delete().where(partner_payment_details.c.partner_id == BRAVO))
    report = execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert report.outcomes == {"sent": 1, "waiting for details": 1}
    assert report.notes == ["partner PB: no stripe account in its payment details"]
    with batch.engine.connect() as conn:
        states = conn.execute(select(payment_lines.c.state).order_by(payment_lines.c.partner_id)).scalars().all()
    assert states == ["sent", "pending"]
    assert [b.status for b in list_batches(batch.engine)][0] is BatchStatus.APPROVED


def test_the_scheduled_job_sends_the_lines_due_again(batch: Batch, fake: FakeProviders,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from partnerops.scheduler.jobs import JOBS
    from partnerops.settings import Settings
    from payments.fake_providers import STRIPE_KEY, STRIPE_WEBHOOK_SECRET
    from payments.payments_kit import KEY_TEXT

    for name, value in {"STRIPE_API_KEY": STRIPE_KEY, "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
                        "STRIPE_API_BASE": fake.url}.items():  # fmt: skip
        monkeypatch.setenv(f"PARTNEROPS_{name}", value)
    fake.inject("/v1/transfers", "500", "refuse")
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    job = JOBS["payment_retries"]
    settings = Settings(secret_key=KEY_TEXT)
    quiet = {"sent": 0, "unknown": 0, "refused": 0, "waiting": 0, "confirmed": 0, "reversed": 0}
    assert job.work(batch.engine, NOW, settings) == quiet
    assert job.work(batch.engine, LATER, settings) == quiet | {"sent": 2}
    assert _states(batch) == {ALPHA: "sent", BRAVO: "sent"}
    _paid_once(fake, batch)


def test_a_batch_paid_through_a_provider_cannot_also_be_marked_paid_by_hand(batch: Batch,
                                                                          fake: FakeProviders) -> None:
    from partnerops.commissions.errors import InvalidTransition
    from partnerops.commissions.payouts import pay_batch

    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    with pytest.raises(InvalidTransition, match="is being paid through stripe"):
        pay_batch(batch.engine, batch.id, "finance@example.com", NOW.date())


@pytest.mark.parametrize("provider", ["stripe", "paypal"])
def test_a_retry_after_the_provider_forgot_the_key_finds_the_transfer_instead_of_paying_again(
    batch: Batch, fake: FakeProviders, provider: str
) -> None:
    make = stripe if provider == "stripe" else paypal
    fake.inject("/v1/transfers" if provider == "stripe" else "/v1/payments/payouts", "stall")
    execute_batch(batch.engine, batch.id, make(fake), KEY, NOW)
    fake.forget_keys()  # the run that retries comes after the provider's idempotency window
    assert execute_batch(batch.engine, batch.id, make(fake), KEY, NOW + timedelta(days=2)).outcomes == {
        "sent": 1, "already sent": 1}
    _paid_once(fake, batch)
    with batch.engine.connect() as conn:
        refs = [line.provider_ref for line in lines_of(conn, batch.id)]
    assert all(refs) and len(set(refs)) == 2


def test_wrong_credentials_stop_the_run_and_the_line_keeps_its_key(batch: Batch, fake: FakeProviders) -> None:
    from partnerops.payments.errors import ProviderNotConfigured
    from partnerops.payments.stripe import StripeTransfers

    wrong = StripeTransfers("sk_test_wrong", "whsec_x", base_url=fake.url, timeout=0.5)
    with pytest.raises(ProviderNotConfigured, match="refused the credentials"):
        execute_batch(batch.engine, batch.id, wrong, KEY, NOW)
    with batch.engine.connect() as conn:
        first = lines_of(conn, batch.id)[0]
    assert (first.state, first.key, first.attempts) == (LineState.SENDING, f"po-{batch.id}-{ALPHA}-USD", 1)
    assert execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER).outcomes == {"sent": 2}
    _paid_once(fake, batch)
