"""The streamable HTTP transport at /mcp of the served app: every request authenticated by an API token
(`Authorization: Bearer <token>`) before the SDK sees it; no state is kept between requests."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from partnerops.mcp.callers import CALLER_KEY, NotAuthenticated, caller_for_token
from partnerops.mcp.server import server_for
from partnerops.settings import Settings

__all__ = ["MCP_PATH", "TokenAuthentication", "mount_mcp"]

MCP_PATH = "/mcp"


class TokenAuthentication:
    """Refuses a request without a live, unlimited API token (401); otherwise leaves its caller in the scope."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app, self.engine = app, engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _bearer(scope)
        try:
            if token is None:
                raise NotAuthenticated("send an API token as `Authorization: Bearer <token>`")
            caller = await run_in_threadpool(caller_for_token, self.engine, token, "http")
        except NotAuthenticated as exc:
            await _refuse(send, str(exc))
            return
        await self.app({**scope, CALLER_KEY: caller}, receive, send)


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            kind, _, token = value.decode("latin-1").partition(" ")
            return token.strip() or None if kind.lower() == "bearer" else None
    return None


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps({"error": {"code": "unauthenticated", "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer"),
               (b"content-length", str(len(body)).encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def mount_mcp(app: Any, engine: Engine, settings: Settings) -> None:
    """Serve MCP at /mcp of APP (a Starlette or FastAPI app) and run its sessions for the app's lifetime."""
    server = server_for(engine, settings)
    # Requests carry a bearer token, which a page rebound to this host by DNS cannot send: no Host check.
    # Stateless: `partnerops serve --workers N` may send each request of one client to another worker process, so
    # no request may rely on a session another process holds; each one brings its token and is checked anyway.
    # Plain JSON answers: no tool streams progress, and a JSON body costs less than an event stream.
    server.streamable_http_app(stateless_http=True, json_response=True,
                               transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
    sessions = StreamableHTTPASGIApp(server.session_manager)
    app.router.routes.append(Route(MCP_PATH, TokenAuthentication(sessions, engine)))
    app.router.lifespan_context = _with_sessions(app.router.lifespan_context, sessions)


def _with_sessions(lifespan: Callable[[Any], Any], sessions: StreamableHTTPASGIApp) -> Callable[[Any], Any]:
    """The app's lifespan with MCP sessions running: a session manager runs once, so each start of the app (a
    test client opened twice, say) gets a fresh one made like the first."""

    @contextlib.asynccontextmanager
    async def both(app: Any) -> AsyncIterator[Any]:
        sessions.session_manager = _like(sessions.session_manager)
        async with sessions.session_manager.run(), lifespan(app) as state:
            yield state

    return both


def _like(manager: StreamableHTTPSessionManager) -> StreamableHTTPSessionManager:
    return StreamableHTTPSessionManager(
        app=manager.app, event_store=manager.event_store, json_response=manager.json_response,
        stateless=manager.stateless, security_settings=manager.security_settings,
        retry_interval=manager.retry_interval, session_idle_timeout=manager.session_idle_timeout,
        max_request_body_size=manager.max_request_body_size, max_sessions=manager.max_sessions,
    )  # fmt: skip
