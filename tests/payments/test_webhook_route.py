"""The webhook endpoint under the API app: signed deliveries applied once, forged or unverifiable ones refused
with a clear status and nothing changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from partnerops.api.app import create_app
from partnerops.payments.execute import execute_batch
from partnerops.payments.lines import lines_of
from partnerops.settings import Settings
from payments.fake_providers import (
    PAYPAL_ID,
    PAYPAL_SECRET,
    PAYPAL_WEBHOOK_ID,
    STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET,
    FakeProviders,
)
from payments.payments_kit import ALPHA, KEY, NOW, Batch, approved_batch, payout_entries, paypal, stripe

URL = "/api/v1/webhooks/payments"


@pytest.fixture
def batch(engine: Engine) -> Batch:
    return approved_batch(engine)


@pytest.fixture
def client(batch: Batch, fake: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    for name, value in {"STRIPE_API_KEY": STRIPE_KEY, "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
                        "STRIPE_API_BASE": fake.url, "PAYPAL_CLIENT_ID": PAYPAL_ID,
                        "PAYPAL_CLIENT_SECRET": PAYPAL_SECRET, "PAYPAL_WEBHOOK_ID": PAYPAL_WEBHOOK_ID,
                        "PAYPAL_API_BASE": fake.url}.items():  # fmt: skip
        monkeypatch.setenv(f"PARTNEROPS_{name}", value)
    app = create_app(batch.engine, Settings(database_url="sqlite://", secure_cookies=False))
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def _key(batch: Batch, partner: int) -> str:
    with batch.engine.connect() as conn:
        return next(line.key for line in lines_of(conn, batch.id) if line.partner_id == partner)


def test_a_signed_stripe_delivery_is_applied_once(client: TestClient, batch: Batch, fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, stripe(fake), KEY, NOW)
    body, headers = fake.stripe_event("transfer.created", _key(batch, ALPHA), "evt_http")
    first = client.post(f"{URL}/stripe", content=body, headers=headers)
    again = client.post(f"{URL}/stripe", content=body, headers=headers)
    assert (first.status_code, first.json()) == (200, {"event": "evt_http", "outcome": "confirmed"})
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert len(payout_entries(batch.engine)) == 1


def test_forged_unknown_and_unverifiable_deliveries_are_refused(client: TestClient, batch: Batch,
                                                                fake: FakeProviders) -> None:
    execute_batch(batch.engine, batch.id, paypal(fake), KEY, NOW)
    body, headers = fake.stripe_event("transfer.created", _key(batch, ALPHA), "evt_bad", secret="whsec_wrong")
    refused = client.post(f"{URL}/stripe", content=body, headers=headers)
    assert refused.status_code == 400
    assert "no Stripe-Signature v1 signature matches" in refused.json()["error"]["message"]
    assert client.post(f"{URL}/adyen", content=b"{}").status_code == 404
    body, headers = fake.paypal_event("PAYMENT.PAYOUTS-ITEM.SUCCEEDED", _key(batch, ALPHA), "WH-http")
    fake.inject("/v1/notifications/verify-webhook-signature", "500")
    assert client.post(f"{URL}/paypal", content=body, headers=headers).status_code == 503
    answer = client.post(f"{URL}/paypal", content=body, headers=headers)
    assert (answer.status_code, answer.json()["outcome"]) == (200, "confirmed")
    assert len(payout_entries(batch.engine)) == 1


def test_an_unconfigured_provider_answers_503(batch: Batch, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNEROPS_STRIPE_API_KEY", raising=False)
    monkeypatch.delenv("PARTNEROPS_STRIPE_WEBHOOK_SECRET", raising=False)
    app = create_app(batch.engine, Settings(database_url="sqlite://", secure_cookies=False))
    with TestClient(app) as client:
        answer = client.post(f"{URL}/stripe", content=b"{}", headers={"Stripe-Signature": "t=1,v1=00"})
    assert answer.status_code == 503 and "PARTNEROPS_STRIPE_API_KEY" in answer.json()["error"]["message"]
