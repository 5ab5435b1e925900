"""Reconciling from the providers' webhooks: signatures checked, each event applied once whatever the order or
the number of deliveries, the ledger posting the payout when the provider confirms it, the batch paid at the end."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from partnerops.commissions.payouts import BatchStatus, list_batches
from partnerops.payments.errors import SignatureInvalid
from partnerops.payments.execute import execute_batch, plan_lines
from partnerops.payments.lines import LineState, claim, lines_of, record_accepted
from partnerops.payments.providers import Accepted, Transfer
from partnerops.payments.reconcile import apply_event
from payments.fake_providers import FakeProviders
from payments.payments_kit import ALPHA, BRAVO, KEY, NOW, Batch, approved_batch, payout_entries, paypal, stripe

LATER = NOW + timedelta(hours=7)


@pytest.fixture
def batch(engine: Engine) -> Batch:
    return approved_batch(engine)


def _keys(batch: Batch) -> dict[int, str]:
    with batch.engine.connect() as conn:
        return {line.partner_id: line.key for line in lines_of(conn, batch.id)}


def _states(batch: Batch) -> dict[int, str]:
    with batch.engine.connect() as conn:
        return {line.partner_id: line.state.value for line in lines_of(conn, batch.id)}


def _stripe_deliver(batch: Batch, fake: FakeProviders, kind: str, partner: int, event_id: str) -> str:
    provider = stripe(fake)
    body, headers = fake.stripe_event(kind, _keys(batch)[partner], event_id)
    return apply_event(batch.engine, "stripe", provider.parse_webhook(body, headers), NOW).outcome


def test_confirmations_post_the_payouts_and_pay_the_batch(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_1") == "confirmed"
    assert list_batches(batch.engine)[0].status is BatchStatus.APPROVED
    assert payout_entries(batch.engine) == [(ALPHA, f"payout:{batch.id}:{ALPHA}:USD")]
    assert _stripe_deliver(batch, fake, "transfer.created", BRAVO, "evt_2") == "confirmed"
    assert _states(batch) == {ALPHA: "reconciled", BRAVO: "reconciled"}
    assert list_batches(batch.engine)[0].status is BatchStatus.PAID
    assert len(payout_entries(batch.engine)) == 2


def test_a_repeated_delivery_changes_nothing(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_1") == "confirmed"
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_1") == "duplicate"
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_1b") == "already reconciled"
    assert len(payout_entries(batch.engine)) == 1


def test_a_confirmation_before_the_send_is_recorded_settles_the_line(batch: Batch, fake: FakeProviders) -> None:
    with batch.engine.begin() as conn:
        plan_lines(conn, batch.id, "stripe", 0, NOW)
        line = next(x for x in lines_of(conn, batch.id) if x.partner_id == ALPHA)
        token = claim(conn, line.id, NOW)
    assert token is not None
    result = stripe(fake).send(Transfer(line.key, line.amount, "acct_1Alpha", "payout"))
    assert isinstance(result, Accepted)
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_early") == "confirmed"
    with batch.engine.begin() as conn:
        assert not record_accepted(conn, line.id, token, result.ref, NOW)
    assert _states(batch)[ALPHA] == "reconciled"
    after = execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER)
    assert after.outcomes == {"already reconciled": 1, "sent": 1}
    assert sum(fake.created.values()) == 2


def test_a_reversal_fails_the_line_and_it_is_paid_again_under_a_new_key(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    first_key = _keys(batch)[ALPHA]
    assert _stripe_deliver(batch, fake, "transfer.reversed", ALPHA, "evt_rev") == "failed"
    assert _keys(batch)[ALPHA] != first_key and _states(batch)[ALPHA] == "failed"
    # A late confirmation of the reversed transfer names the old key: it no longer moves anything.
    body, headers = fake.stripe_event("transfer.created", first_key, "evt_late")
    late = apply_event(batch.engine, "stripe", stripe(fake).parse_webhook(body, headers), NOW)
    assert late.outcome == "no such line"
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, LATER)
    assert _stripe_deliver(batch, fake, "transfer.created", ALPHA, "evt_again") == "confirmed"
    assert payout_entries(batch.engine) == [(ALPHA, f"payout:{batch.id}:{ALPHA}:USD")]


def test_a_bad_or_stale_stripe_signature_is_refused(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    key = _keys(batch)[ALPHA]
    body, headers = fake.stripe_event("transfer.created", key, "evt_x", secret="whsec_other")
    with pytest.raises(SignatureInvalid, match="no Stripe-Signature v1 signature matches"):
        stripe(fake).parse_webhook(body, headers)
    body, headers = fake.stripe_event("transfer.created", key, "evt_y", signed_at=time.time() - 3600)
    with pytest.raises(SignatureInvalid, match="tolerance"):
        stripe(fake).parse_webhook(body, headers)
    with pytest.raises(SignatureInvalid, match="stripe-signature"):
        stripe(fake).parse_webhook(body, {})
    body, headers = fake.stripe_event("transfer.created", key, "evt_z")
    with pytest.raises(SignatureInvalid):
        stripe(fake).parse_webhook(body.replace(b"200000", b"900000"), headers)
    assert _states(batch)[ALPHA] == "sent"


def test_paypal_pays_each_line_once_and_reconciles_from_verified_webhooks(batch: Batch,
                                                                         fake: FakeProviders) -> None:
    fake.inject("/v1/payments/payouts", "stall")
    first = execute_batch(batch.engine, batch.id, paypal(fake), KEY, NOW)
    assert first.outcomes == {"unknown, will retry": 1, "sent": 1}
    assert execute_batch(batch.engine, batch.id, paypal(fake), KEY, LATER).outcomes == {"sent": 1, "already sent": 1}
    assert sum(fake.created.values()) == 2
    assert sorted(p["item"]["receiver"] for p in fake.payouts.values()) == ["pay@alpha.test", "pay@bravo.test"]
    provider = paypal(fake)
    for partner, event_id in ((ALPHA, "WH-1"), (BRAVO, "WH-2"), (BRAVO, "WH-2")):
        body, headers = fake.paypal_event("PAYMENT.PAYOUTS-ITEM.SUCCEEDED", _keys(batch)[partner], event_id)
        apply_event(batch.engine, "paypal", provider.parse_webhook(body, headers), NOW)
    assert _states(batch) == {ALPHA: "reconciled", BRAVO: "reconciled"}
    assert list_batches(batch.engine)[0].status is BatchStatus.PAID and len(payout_entries(batch.engine)) == 2


def test_paypal_refuses_a_webhook_it_did_not_sign(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, paypal(fake), KEY, NOW)
    body, headers = fake.paypal_event("PAYMENT.PAYOUTS-ITEM.SUCCEEDED", _keys(batch)[ALPHA], "WH-9", forged=True)
    with pytest.raises(SignatureInvalid, match="PayPal did not verify"):
        paypal(fake).parse_webhook(body, headers)
    with pytest.raises(SignatureInvalid, match="paypal-transmission-sig"):
        paypal(fake).parse_webhook(body, {k: v for k, v in headers.items() if k != "PAYPAL-TRANSMISSION-SIG"})


def test_a_paypal_item_failure_is_retried_under_a_new_batch_id(batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, paypal(fake), KEY, NOW)
    body, headers = fake.paypal_event("PAYMENT.PAYOUTS-ITEM.FAILED", _keys(batch)[BRAVO], "WH-F")
    assert apply_event(batch.engine, "paypal", paypal(fake).parse_webhook(body, headers), NOW).outcome == "failed"
    assert execute_batch(batch.engine, batch.id, paypal(fake), KEY, LATER).outcomes == {"sent": 1, "already sent": 1}
    assert len(fake.payouts) == 3 and LineState(_states(batch)[BRAVO]) is LineState.SENT


@pytest.mark.parametrize("provider", ["stripe", "paypal"])
def test_lines_whose_webhook_never_came_are_settled_by_asking_the_provider(batch: Batch, fake: FakeProviders,
                                                                          provider: str) -> None:
    from partnerops.payments.reconcile import poll_unconfirmed

    make = stripe if provider == "stripe" else paypal
    execute_batch(batch.engine, batch.id, make(fake), KEY, NOW)
    assert poll_unconfirmed(batch.engine, {provider: make(fake)}, NOW + timedelta(minutes=5)) == {}
    if provider == "stripe":
        bravo = next(t for t in fake.transfers.values() if t["destination"] == "acct_1Bravo")
        bravo["reversed"] = True
    else:
        fake.payouts[_keys(batch)[BRAVO]]["status"] = "RETURNED"
    polled = poll_unconfirmed(batch.engine, {provider: make(fake)}, LATER)
    assert polled == {"confirmed": 1, "failed": 1}
    assert _states(batch) == {ALPHA: "reconciled", BRAVO: "failed"}
    assert payout_entries(batch.engine) == [(ALPHA, f"payout:{batch.id}:{ALPHA}:USD")]
    assert poll_unconfirmed(batch.engine, {provider: make(fake)}, LATER) == {}
