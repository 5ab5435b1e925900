"""A real HTTP server on loopback answering as Stripe and PayPal do (payloads built from fixtures/, see SOURCES.md),
with failures injected per path: answer 500 or 429 before acting, act and then stall past the client's timeout, act
and then drop the connection, or refuse for certain."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from partnerops.payments.stripe import sign

FIXTURES = Path(__file__).parent / "fixtures"
STRIPE_KEY, STRIPE_WEBHOOK_SECRET = "sk_test_fake", "whsec_fake"
PAYPAL_ID, PAYPAL_SECRET, PAYPAL_WEBHOOK_ID = "client-fake", "secret-fake", "WH1FAKE"
STALL_SECONDS = 1.5


def fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeProviders:
    """Stripe under /v1/transfers and PayPal under /v1/oauth2, /v1/payments, /v1/notifications, on one port."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: dict[str, list[str]] = {}
        self.transfers: dict[str, dict[str, Any]] = {}  # by id
        self.replies: dict[str, Answer] = {}  # by idempotency key or PayPal-Request-Id
        self.payouts: dict[str, dict[str, Any]] = {}  # by sender_batch_id
        self.signatures: dict[str, str] = {}  # PayPal transmission id -> signature it issued
        self.created: Counter[str] = Counter()  # transfers per line key: the test's "paid exactly once"
        self.stall_seconds = STALL_SECONDS
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def forget_keys(self) -> None:
        """What the provider does after its idempotency window: a key sent again is new to it."""
        with self.lock:
            self.replies.clear()

    def inject(self, path: str, *faults: str) -> None:
        """The next requests to `path` meet these faults, in order: 500, 429, stall, drop, refuse."""
        with self.lock:
            self.faults.setdefault(path, []).extend(faults)

    def _fault(self, path: str) -> str | None:
        with self.lock:
            queue = self.faults.get(path) or []
            return queue.pop(0) if queue else None

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes, query: str = ""
               ) -> tuple[Answer | None, str | None]:
        """The answer, and the fault to apply after acting (stall or drop)."""
        fault = self._fault(path)
        if fault == "500":
            return Answer(500, {"error": {"type": "api_error", "message": "An unknown error occurred"}}), None
        if fault == "429":
            return Answer(429, {"error": {"type": "rate_limit_error", "message": "Too many requests"}},
                          {"Retry-After": "2"}), None
        lowered = {k.lower(): v for k, v in headers.items()}
        if path == "/v1/transfers" and method == "GET":
            group = parse_qs(query).get("transfer_group", [""])[0]
            found = [t for t in self.transfers.values() if t["transfer_group"] == group]
            return Answer(200, {"object": "list", "data": found[:1], "has_more": False, "url": "/v1/transfers"}), None
        if path.startswith("/v1/transfers/") and method == "GET":
            found = self.transfers.get(path.rsplit("/", 1)[1])
            return (Answer(200, found) if found else Answer(404, {"error": {"message": "No such transfer"}})), None
        if path.startswith("/v1/payments/payouts/") and method == "GET":
            return self._paypal_batch(path.rsplit("/", 1)[1]), None
        if path == "/v1/transfers" and method == "POST":
            return self._stripe_transfer(lowered, parse_qs(body.decode()), fault == "refuse"), fault
        if path == "/v1/oauth2/token":
            expected = "Basic " + base64.b64encode(f"{PAYPAL_ID}:{PAYPAL_SECRET}".encode()).decode()
            if lowered.get("authorization") != expected:
                refused = {"error": "invalid_client", "error_description": "Client Authentication failed"}
                return Answer(401, refused), None
            return Answer(200, {"access_token": "A21AAfake", "token_type": "Bearer", "expires_in": 32400}), None
        if path == "/v1/payments/payouts" and method == "POST":
            return self._paypal_payout(lowered, json.loads(body), fault == "refuse"), fault
        if path == "/v1/notifications/verify-webhook-signature":
            check = json.loads(body)
            good = (check.get("webhook_id") == PAYPAL_WEBHOOK_ID
                    and self.signatures.get(check.get("transmission_id")) == check.get("transmission_sig"))
            return Answer(200, {"verification_status": "SUCCESS" if good else "FAILURE"}), None
        return Answer(404, {"error": {"message": f"no route {method} {path}"}}), None

    def _stripe_transfer(self, headers: dict[str, str], form: dict[str, list[str]], refuse: bool) -> Answer:
        if headers.get("authorization") != f"Bearer {STRIPE_KEY}":
            return Answer(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
        key = headers.get("idempotency-key", "")
        with self.lock:
            if key and key in self.replies:
                return self.replies[key]
            if refuse:
                reply = Answer(400, {"error": {"type": "invalid_request_error", "code": "balance_insufficient",
                                               "message": "You have insufficient funds in your Stripe account."}})
            else:
                transfer = fixture("stripe_transfer.json")
                transfer_id = f"tr_fake{len(self.transfers) + 1:06d}"
                line = form["metadata[partnerops_line]"][0]
                transfer.update(id=transfer_id, amount=int(form["amount"][0]), currency=form["currency"][0],
                                destination=form["destination"][0], transfer_group=form["transfer_group"][0],
                                metadata={"partnerops_line": line})
                self.transfers[transfer_id] = transfer
                self.created[line] += 1
                reply = Answer(200, transfer)
            if key:
                self.replies[key] = reply
            return reply

    def _paypal_payout(self, headers: dict[str, str], body: dict[str, Any], refuse: bool) -> Answer:
        request_id = headers.get("paypal-request-id", "")
        sender_batch_id = body["sender_batch_header"]["sender_batch_id"]
        with self.lock:
            if request_id and request_id in self.replies:
                return self.replies[request_id]
            if sender_batch_id in self.payouts:
                href = f"{self.url}/v1/payments/payouts/{self.payouts[sender_batch_id]['batch_id']}"
                return Answer(400, {"name": "USER_BUSINESS_ERROR", "message": "Batch with given sender_batch_id "
                                    "already exists", "debug_id": "fake",
                                    "links": [{"href": href, "rel": "self", "method": "GET"}]})
            if refuse:
                reply = Answer(422, {"name": "UNPROCESSABLE_ENTITY", "message": "The requested action could not "
                                     "be performed.", "details": [{"issue": "INSUFFICIENT_FUNDS"}]})
            else:
                created = fixture("paypal_payout_created.json")
                batch_id = f"PB{len(self.payouts) + 1:08d}"
                created["batch_header"].update(payout_batch_id=batch_id,
                                               sender_batch_header=body["sender_batch_header"])
                created["links"][0]["href"] = f"{self.url}/v1/payments/payouts/{batch_id}"
                self.payouts[sender_batch_id] = {"batch_id": batch_id, "item": body["items"][0]}
                self.created[sender_batch_id] += 1
                reply = Answer(201, created)
            if request_id:
                self.replies[request_id] = reply
            return reply

    def _paypal_batch(self, batch_id: str) -> Answer:
        found = next((p for p in self.payouts.values() if p["batch_id"] == batch_id), None)
        if found is None:
            return Answer(404, {"name": "RESOURCE_NOT_FOUND", "message": "The specified resource does not exist."})
        item = {"payout_item_id": f"I{batch_id}", "transaction_status": found.get("status", "SUCCESS"),
                "payout_batch_id": batch_id, "payout_item": found["item"]}
        return Answer(200, {"batch_header": {"payout_batch_id": batch_id, "batch_status": "SUCCESS"}, "items": [item]})

    def stripe_event(self, kind: str, line_key: str, event_id: str, signed_at: float | None = None,
                     secret: str = STRIPE_WEBHOOK_SECRET) -> tuple[bytes, dict[str, str]]:
        """A Stripe webhook delivery about the transfer made for `line_key`: body and signed headers."""
        transfer = next((t for t in self.transfers.values() if t["metadata"]["partnerops_line"] == line_key),
                        {"id": "tr_unknown", "metadata": {"partnerops_line": line_key}})
        event = fixture("stripe_event.json")
        event.update(id=event_id, type=kind, data={"object": copy.deepcopy(transfer)})
        body = json.dumps(event).encode()
        stamp = int(signed_at if signed_at is not None else time.time())
        return body, {"Stripe-Signature": sign(body, secret, stamp), "Content-Type": "application/json"}

    def paypal_event(self, kind: str, line_key: str, event_id: str, forged: bool = False
                     ) -> tuple[bytes, dict[str, str]]:
        """A PayPal webhook delivery about the payout made for `line_key`, with the transmission headers."""
        payout = self.payouts.get(line_key, {"batch_id": "PBUNKNOWN", "item": {"receiver": "", "amount": {}}})
        event = fixture("paypal_item_event.json")
        event.update(id=event_id, event_type=kind)
        resource = event["resource"]
        resource.update(payout_item_id=f"I{event_id}", transaction_id=f"T{event_id}",
                        payout_batch_id=payout["batch_id"],
                        transaction_status=kind.rsplit(".", 1)[-1].replace("SUCCEEDED", "SUCCESS"))
        resource["payout_item"].update(sender_item_id=line_key, receiver=payout["item"]["receiver"],
                                       amount=payout["item"]["amount"])
        body = json.dumps(event).encode()
        transmission = f"t-{event_id}"
        signature = hashlib.sha256(body).hexdigest()
        with self.lock:
            self.signatures[transmission] = "forged" if forged else signature
        return body, {"PAYPAL-TRANSMISSION-ID": transmission, "PAYPAL-TRANSMISSION-TIME": "2026-12-01T10:00:00Z",
                      "PAYPAL-TRANSMISSION-SIG": signature, "PAYPAL-CERT-URL": f"{self.url}/certs/fake",
                      "PAYPAL-AUTH-ALGO": "SHA256withRSA", "Content-Type": "application/json"}


def _handler(fake: FakeProviders) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size)
            path, _, query = self.path.partition("?")
            answer, after = fake.answer(self.command, path, dict(self.headers.items()), body, query)
            if after == "drop" or answer is None:
                self.close_connection = True
                return
            if after == "stall":
                time.sleep(fake.stall_seconds)
            payload = json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
            return

    return Handler


@contextmanager
def running() -> Iterator[FakeProviders]:
    fake = FakeProviders()
    try:
        yield fake
    finally:
        fake.close()
