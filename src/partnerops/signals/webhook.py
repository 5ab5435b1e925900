"""Posting an alert to a webhook (Slack's incoming webhooks or any receiver of the same JSON) with httpx."""

from __future__ import annotations

from typing import Any

import httpx

# A receiver that accepts the connection but never answers must not hold the worker.
TIMEOUT_SECONDS = 10.0


class WebhookRefused(Exception):
    """The receiver answered, but not with a 2xx status."""

    def __init__(self, url: str, status: int, body: str) -> None:
        super().__init__(f"{url} answered {status}: {body[:200]}")
        self.status = status


def webhook_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)


def post_alert(client: httpx.Client, url: str, payload: dict[str, Any]) -> None:
    """Deliver `payload`; raises httpx.HTTPError when unreachable, WebhookRefused when refused."""
    response = client.post(url, json=payload)
    if not response.is_success:
        raise WebhookRefused(url, response.status_code, response.text)
