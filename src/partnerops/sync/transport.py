"""HTTP to a CRM with what production orgs need: rate limits honoured (429, Salesforce REQUEST_LIMIT_EXCEEDED,
`Retry-After`), transient failures retried with exponential backoff, and an expired token refreshed once."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from partnerops.sync.errors import CrmAuthFailed, CrmRefused, CrmUnavailable
from partnerops.sync.tokens import TokenSource

# Salesforce answers an exhausted daily or concurrent limit with 403 and this code (REST API Developer Guide,
# "Status Codes and Error Responses"); a lock held by another transaction is worth retrying too.
RETRYABLE_CODES = frozenset({"REQUEST_LIMIT_EXCEEDED", "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE"})
# Salesforce INVALID_SESSION_ID and HubSpot's expired OAuth token both arrive as 401.
EXPIRED = 401


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    # Seconds before the first retry, doubling after each; a Retry-After header replaces it, up to `max_wait`.
    backoff: float = 0.5
    max_wait: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def wait(self, attempt: int, answer: httpx.Response | None) -> None:
        advised = _retry_after(answer)
        self.sleep(min(self.max_wait, advised if advised is not None else self.backoff * 2 ** attempt))


@dataclass
class CrmHttp:
    """Requests to one CRM, signed with `tokens` and retried by `retry`."""

    base_url: str
    tokens: TokenSource
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60.0))
    requests: int = 0

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url.rstrip('/')}{path}"

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """The CRM's successful answer to one request; CrmRefused for an error retrying cannot fix, CrmUnavailable
        when the retries run out, CrmAuthFailed when a refreshed token is refused again."""
        url, refreshed, last = self.url(path), False, ""
        for attempt in range(self.retry.attempts):
            answer = self._send(method, url, kwargs)
            if answer is None:
                last = "connection failed"
            elif answer.status_code == EXPIRED and not refreshed:
                self.tokens.refresh(self.client)
                refreshed = True
                continue
            elif answer.status_code == EXPIRED:
                raise CrmAuthFailed(url, f"a fresh token was refused too: {error_code(answer)}")
            elif _retryable(answer):
                last = f"HTTP {answer.status_code} {error_code(answer)}"
            elif answer.is_error:
                raise CrmRefused(url, answer.status_code, error_code(answer), error_message(answer))
            else:
                return answer
            if attempt + 1 < self.retry.attempts:
                self.retry.wait(attempt, answer)
        raise CrmUnavailable(url, self.retry.attempts, last)

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response | None:
        self.requests += 1
        try:
            return self.client.request(method, url, headers=self.tokens.header(self.client), **kwargs)
        except httpx.TransportError:
            return None

    def close(self) -> None:
        self.client.close()


def _retryable(answer: httpx.Response) -> bool:
    return answer.status_code in (429, 502, 503, 504) or (
        answer.status_code in (403, 500) and error_code(answer) in RETRYABLE_CODES)


def _retry_after(answer: httpx.Response | None) -> float | None:
    value = answer.headers.get("Retry-After") if answer is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _error_body(answer: httpx.Response) -> dict[str, Any]:
    """Salesforce errors are a list of {errorCode, message, fields}; HubSpot's one {category, message, ...}."""
    try:
        body = answer.json()
    except ValueError:
        return {}
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return dict(body[0])
    return dict(body) if isinstance(body, dict) else {}


def error_code(answer: httpx.Response) -> str:
    body = _error_body(answer)
    return str(body.get("errorCode") or body.get("category") or body.get("errorType") or answer.reason_phrase)


def error_message(answer: httpx.Response) -> str:
    return str(_error_body(answer).get("message") or answer.text[:300]).strip()
