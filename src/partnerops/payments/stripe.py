"""Stripe Connect transfers: POST /v1/transfers to the partner's connected account with an Idempotency-Key per
line, and webhook events signed in the Stripe-Signature header (t=TIMESTAMP,v1=HMAC-SHA256 of "t.body")."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from partnerops.payments.errors import ProviderUnavailable, SignatureInvalid
from partnerops.payments.http_calls import TIMEOUT_SECONDS, call, error_text
from partnerops.payments.providers import Accepted, EventKind, ProviderEvent, Rejected, SendResult, Transfer

__all__ = ["LINE_METADATA", "StripeTransfers", "sign"]

LINE_METADATA = "partnerops_line"
# Stripe's libraries refuse a signature older than five minutes (replayed deliveries).
TOLERANCE_SECONDS = 300
CONFIRMING = {"transfer.created", "transfer.paid"}
FAILING = {"transfer.reversed", "transfer.failed"}


@dataclass
class StripeTransfers:
    api_key: str
    webhook_secret: str
    base_url: str = "https://api.stripe.com"
    timeout: float = TIMEOUT_SECONDS
    name: str = field(default="stripe", init=False)

    def destination(self, details: Mapping[str, str]) -> str | None:
        return details.get("stripe_account") or None

    def send(self, transfer: Transfer) -> SendResult:
        form = {
            "amount": str(transfer.amount.minor), "currency": transfer.amount.currency.lower(),
            "destination": transfer.destination, "transfer_group": transfer.key, "description": transfer.memo,
            f"metadata[{LINE_METADATA}]": transfer.key,
        }  # fmt: skip
        headers = {"Authorization": f"Bearer {self.api_key}", "Idempotency-Key": transfer.key}
        with httpx.Client(timeout=self.timeout) as client:
            response = call(client, "POST", f"{self.base_url}/v1/transfers", data=form, headers=headers)
        if response.status_code == 409:
            # Another request with this key is still running at Stripe: the outcome is not known yet.
            raise ProviderUnavailable("Stripe is still processing a request with this idempotency key")
        if response.status_code >= 400:
            return Rejected(error_text(response))
        return Accepted(str(response.json()["id"]))

    def find(self, key: str) -> str | None:
        # Stripe keeps idempotency keys for 24 hours; the transfer group (the line's key) is kept for good.
        headers = {"Authorization": f"Bearer {self.api_key}"}
        with httpx.Client(timeout=self.timeout) as client:
            response = call(client, "GET", f"{self.base_url}/v1/transfers", headers=headers,
                            params={"transfer_group": key, "limit": "1"})  # fmt: skip
        found = response.json().get("data", []) if response.status_code < 400 else []
        return str(found[0]["id"]) if found else None

    def outcome(self, ref: str) -> EventKind | None:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        with httpx.Client(timeout=self.timeout) as client:
            response = call(client, "GET", f"{self.base_url}/v1/transfers/{ref}", headers=headers)
        if response.status_code >= 400:
            return None
        transfer = response.json()
        return EventKind.FAILED if transfer.get("reversed") else EventKind.CONFIRMED

    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        verify(body, _header(headers, "stripe-signature"), self.webhook_secret, time.time())
        event: dict[str, Any] = json.loads(body)
        kind = event.get("type", "")
        obj = event.get("data", {}).get("object", {})
        line = (obj.get("metadata") or {}).get(LINE_METADATA) or obj.get("transfer_group")
        if kind in CONFIRMING:
            return ProviderEvent(event["id"], kind, EventKind.CONFIRMED, line, obj.get("id"))
        if kind in FAILING:
            return ProviderEvent(event["id"], kind, EventKind.FAILED, line, obj.get("id"), f"Stripe sent {kind}")
        return ProviderEvent(event["id"], kind, EventKind.IGNORED, line, obj.get("id"))


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise SignatureInvalid(f"the webhook has no {name} header")


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The Stripe-Signature header Stripe sends for `body` at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(body: bytes, header: str, secret: str, now: float) -> None:
    """Raise SignatureInvalid unless one v1 signature in `header` is the HMAC of "t.body" under `secret` and t is
    within the tolerance of `now`."""
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    stamps = [v for k, v in parts if k.strip() == "t"]
    signatures = [v for k, v in parts if k.strip() == "v1"]
    if not stamps or not stamps[0].isdigit() or not signatures:
        raise SignatureInvalid("the Stripe-Signature header has no timestamp or no v1 signature")
    timestamp = int(stamps[0])
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureInvalid("the Stripe-Signature timestamp is outside the five-minute tolerance")
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise SignatureInvalid("no Stripe-Signature v1 signature matches the body")
