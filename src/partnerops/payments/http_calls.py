"""One HTTP call to a provider, with the failures whose outcome is unknown turned into ProviderUnavailable."""

from __future__ import annotations

from typing import Any

import httpx

from partnerops.payments.errors import ProviderNotConfigured, ProviderUnavailable

__all__ = ["call", "retry_after"]

TIMEOUT_SECONDS = 20.0


def call(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """The response of a request; a timeout, a dropped connection, a 5xx or a 429 raise ProviderUnavailable, since
    the provider may or may not have acted on the request."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise ProviderUnavailable(f"{url} did not answer in time ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise ProviderUnavailable(f"{url} could not be reached ({type(exc).__name__})") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise ProviderUnavailable(f"{url} answered {response.status_code}", retry_after(response))
    if response.status_code in (401, 403):
        # Wrong credentials say nothing about the transfer: the run stops, the line keeps its key.
        raise ProviderNotConfigured(f"{url} refused the credentials (HTTP {response.status_code}): check the "
                                    "provider's settings")
    return response


def retry_after(response: httpx.Response) -> float | None:
    """The wait the provider asked for in Retry-After (seconds), when it gave one as a number."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def error_text(response: httpx.Response) -> str:
    """The provider's own message for a refusal, or the status when the body says nothing readable."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return f"HTTP {response.status_code}: {error['message']}"
        if body.get("message"):
            return f"HTTP {response.status_code}: {body.get('name', '')} {body['message']}".replace(":  ", ": ")
    return f"HTTP {response.status_code}"
