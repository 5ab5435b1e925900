"""What every response owes a security review: headers (CSP, framing, sniffing, referrer, HSTS, no caching of
signed-in content), a bound on request bodies, and one JSON line per request in the log (never a secret)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["ACCESS_LOG", "MAX_BODY_BYTES", "RequestLog", "SecurityHeaders", "BodyLimit", "log_json_lines"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOG = logging.getLogger("partnerops.access")
# Larger than any form or JSON body the app takes; an upload route that needs more raises its own bound.
MAX_BODY_BYTES = 10 * 1024 * 1024

# No inline script anywhere (htmx and the API docs viewer are files under /static); inline styles stay allowed
# because the charts are server-drawn SVG that carries its own style attributes.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """Adds the headers to every response; `hsts` when cookies are Secure (the site is served over HTTPS)."""

    def __init__(self, app: App, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signed_in = _carries_credentials(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._headers(list(message.get("headers", [])), signed_in)
            await send(message)

        await self.app(scope, receive, with_headers)

    def _headers(self, headers: list[tuple[bytes, bytes]], signed_in: bool) -> list[tuple[bytes, bytes]]:
        names = {name.lower() for name, _ in headers}
        added = [h for h in BASE_HEADERS if h[0] not in names]
        # Every page, the API docs included (its viewer is served from the package, started by a script file).
        added.append((b"content-security-policy", CSP.encode()))
        if self.hsts:
            added.append(HSTS)
        # Signed-in pages, API answers and downloads (statements, exports) never sit in a shared cache.
        if signed_in or b"content-disposition" in names:
            headers = [h for h in headers if h[0].lower() != b"cache-control"]
            added.append(NO_STORE)
        return headers + added


def _carries_credentials(scope: Scope) -> bool:
    return any(name in (b"authorization", b"cookie") for name, _ in scope.get("headers", []))


class BodyTooLarge(Exception):
    """A request body over the bound, found while reading it."""


class BodyLimit:
    """Refuses a request body over `limit` bytes with 413: by its Content-Length at once, or while it streams."""

    def __init__(self, app: App, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await _too_large(send, self.limit)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": {"code": "too_large", "message": f"the request body is over {limit} bytes"}})
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body.encode()})


class JsonLines(logging.Formatter):
    """Each record as one JSON object: time, level, logger, the message's own fields when it is JSON, and the
    traceback (for the operator's log only; answers never carry it) as one field."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        try:
            fields = json.loads(message)
        except ValueError:
            fields = None
        line = {"at": self.formatTime(record), "level": record.levelname.lower(), "logger": record.name}
        line |= fields if isinstance(fields, dict) else {"message": message}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def log_json_lines(level: str) -> None:
    """Send the app's logs (partnerops.*) to stderr as JSON lines at `level`; idempotent per process."""
    logger = logging.getLogger("partnerops")
    logger.setLevel(level.upper())
    if not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
        logger.propagate = False


class RequestLog:
    """One JSON line per request: method, path (no query string: it may carry tokens), status, duration and the
    signed-in user's id when known. Never headers, bodies or cookies."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            state = scope.get("state") or {}
            ACCESS_LOG.info(json.dumps({
                "method": scope["method"], "path": scope["path"], "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1), "user_id": state.get("user_id"),
            }))
