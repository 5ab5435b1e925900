"""PayPal Payouts: one payout per line (POST /v1/payments/payouts, sender_batch_id and PayPal-Request-Id the line's
key) after an OAuth client-credentials token; webhooks verified by PayPal's verify-webhook-signature call."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from partnerops.payments.errors import ProviderNotConfigured, SignatureInvalid
from partnerops.payments.http_calls import TIMEOUT_SECONDS, call, error_text
from partnerops.payments.providers import Accepted, EventKind, ProviderEvent, Rejected, SendResult, Transfer

__all__ = ["PayPalPayouts"]

CONFIRMING = {"PAYMENT.PAYOUTS-ITEM.SUCCEEDED"}
FAILING = {"PAYMENT.PAYOUTS-ITEM.FAILED", "PAYMENT.PAYOUTS-ITEM.RETURNED", "PAYMENT.PAYOUTS-ITEM.BLOCKED",
           "PAYMENT.PAYOUTS-ITEM.DENIED", "PAYMENT.PAYOUTS-ITEM.CANCELED", "PAYMENT.PAYOUTS-ITEM.REFUNDED"}
# Item statuses after which the money did not reach the partner (UNCLAIMED, ONHOLD and PENDING may still settle).
FAILED_ITEMS = {"FAILED", "RETURNED", "BLOCKED", "DENIED", "CANCELED", "REFUNDED", "REVERSED"}
# The notification headers PayPal's verification call needs, by the field it names them.
SIGNATURE_HEADERS = {"auth_algo": "paypal-auth-algo", "cert_url": "paypal-cert-url",
                     "transmission_id": "paypal-transmission-id", "transmission_sig": "paypal-transmission-sig",
                     "transmission_time": "paypal-transmission-time"}  # fmt: skip


@dataclass
class PayPalPayouts:
    client_id: str
    client_secret: str
    webhook_id: str
    base_url: str = "https://api-m.paypal.com"
    timeout: float = TIMEOUT_SECONDS
    name: str = field(default="paypal", init=False)

    def destination(self, details: Mapping[str, str]) -> str | None:
        return details.get("paypal_email") or None

    def send(self, transfer: Transfer) -> SendResult:
        body = {
            "sender_batch_header": {"sender_batch_id": transfer.key, "email_subject": transfer.memo},
            "items": [{
                "recipient_type": "EMAIL", "receiver": transfer.destination, "sender_item_id": transfer.key,
                "note": transfer.memo, "amount": {"value": f"{transfer.amount.amount}",
                                                  "currency": transfer.amount.currency},
            }],
        }  # fmt: skip
        with httpx.Client(timeout=self.timeout) as client:
            headers = {"Authorization": f"Bearer {self._token(client)}", "PayPal-Request-Id": transfer.key}
            response = call(client, "POST", f"{self.base_url}/v1/payments/payouts", json=body, headers=headers)
        original = _original_payout(response)
        if original is not None:
            return Accepted(original)
        if response.status_code >= 400:
            return Rejected(error_text(response))
        return Accepted(str(response.json()["batch_header"]["payout_batch_id"]))

    def find(self, key: str) -> str | None:
        # PayPal refuses a sender_batch_id used in the last 30 days and links the original payout (see send).
        return None

    def outcome(self, ref: str) -> EventKind | None:
        with httpx.Client(timeout=self.timeout) as client:
            headers = {"Authorization": f"Bearer {self._token(client)}"}
            response = call(client, "GET", f"{self.base_url}/v1/payments/payouts/{ref}", headers=headers)
        if response.status_code >= 400:
            return None
        statuses = {item.get("transaction_status") for item in response.json().get("items", [])}
        if statuses == {"SUCCESS"}:
            return EventKind.CONFIRMED
        return EventKind.FAILED if statuses & FAILED_ITEMS else None

    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        lowered = {k.lower(): v for k, v in headers.items()}
        missing = [h for h in SIGNATURE_HEADERS.values() if not lowered.get(h)]
        if missing:
            raise SignatureInvalid(f"the webhook lacks the header(s) {', '.join(missing)}")
        event: dict[str, Any] = json.loads(body)
        check: dict[str, Any] = {name: lowered[h] for name, h in SIGNATURE_HEADERS.items()}
        check |= {"webhook_id": self.webhook_id, "webhook_event": event}
        with httpx.Client(timeout=self.timeout) as client:
            headers_out = {"Authorization": f"Bearer {self._token(client)}"}
            answer = call(client, "POST", f"{self.base_url}/v1/notifications/verify-webhook-signature",
                          json=check, headers=headers_out)  # fmt: skip
        if answer.status_code >= 400 or answer.json().get("verification_status") != "SUCCESS":
            raise SignatureInvalid("PayPal did not verify the webhook's signature")
        return _event(event)

    def _token(self, client: httpx.Client) -> str:
        response = call(client, "POST", f"{self.base_url}/v1/oauth2/token", data={"grant_type": "client_credentials"},
                        auth=(self.client_id, self.client_secret))  # fmt: skip
        if response.status_code >= 400:
            raise ProviderNotConfigured(f"PayPal refused the client credentials ({error_text(response)})")
        return str(response.json()["access_token"])


def _original_payout(response: httpx.Response) -> str | None:
    """The payout a refused duplicate sender_batch_id links to: the line was paid by an earlier attempt."""
    if response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("name") != "USER_BUSINESS_ERROR":
        return None
    links = [str(link.get("href", "")) for link in body.get("links", []) if isinstance(link, dict)]
    found = [href.rstrip("/").rsplit("/", 1)[1] for href in links if "/v1/payments/payouts/" in href]
    return found[0] if found else None


def _event(event: dict[str, Any]) -> ProviderEvent:
    kind = str(event.get("event_type", ""))
    resource = event.get("resource") or {}
    line = (resource.get("payout_item") or {}).get("sender_item_id")
    ref = resource.get("payout_batch_id")
    if kind in CONFIRMING:
        return ProviderEvent(event["id"], kind, EventKind.CONFIRMED, line, ref)
    if kind in FAILING:
        status = resource.get("transaction_status", kind.rsplit(".", 1)[-1])
        return ProviderEvent(event["id"], kind, EventKind.FAILED, line, ref, f"PayPal item {status}")
    return ProviderEvent(event["id"], kind, EventKind.IGNORED, line, ref)
