"""A real HTTP server on loopback for a fake CRM: each request goes to the CRM's `answer`, and the server can be
killed at the Nth request (the connection dropped, the port closed) and started again on the same port."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def param(self, name: str, default: str | None = None) -> str | None:
        return self.query.get(name, [default])[0]

    @property
    def origin(self) -> str:
        """Where the request was sent (the server is plain HTTP on loopback)."""
        return f"http://{self.headers.get('Host', '')}"


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    text: str | None = None


class Crm(Protocol):
    def answer(self, request: Request) -> Answer: ...


class FakeServer:
    """Serves `crm` on 127.0.0.1; `kill_at(n)` drops the nth request from now and closes the port."""

    def __init__(self, crm: Crm) -> None:
        self.crm = crm
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.port = 0
        self._kill_in: int | None = None
        self.dead = False
        self._stopping = threading.Lock()
        self._stopper: threading.Thread | None = None
        self._server: ThreadingHTTPServer | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self._stopper is not None:
            self._stopper.join()
        self.dead = False
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        with self._stopping:
            server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def kill_at(self, requests_from_now: int | None) -> None:
        """Drop the nth request from now and close the port (None: do not)."""
        self._kill_in = requests_from_now

    def _should_die(self) -> bool:
        """True from the request the kill was set for on, until the server is started again."""
        with self.lock:
            if self.dead or self._kill_in is None:
                return self.dead
            self._kill_in -= 1
            if self._kill_in > 0:
                return False
            self._kill_in, self.dead = None, True
            return True

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        if self._should_die():
            handler.close_connection = True
            if self._server is not None:
                self._stopper = threading.Thread(target=self.stop, daemon=True)
                self._stopper.start()
            return
        parts = urlsplit(handler.path)
        size = int(handler.headers.get("Content-Length") or 0)
        request = Request(handler.command, parts.path, parse_qs(parts.query), dict(handler.headers.items()),
                          handler.rfile.read(size))
        with self.lock:
            self.requests.append((request.method, request.path))
            answer = self.crm.answer(request)
        _write(handler, answer)


def _write(handler: BaseHTTPRequestHandler, answer: Answer) -> None:
    if answer.text is not None:
        payload, kind = answer.text.encode(), "text/csv; charset=UTF-8"
    else:
        payload, kind = json.dumps(answer.body).encode(), "application/json;charset=UTF-8"
    handler.send_response(answer.status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(payload)))
    for name, value in answer.headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(payload)


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: with Nagle's algorithm the second waits for the client's delayed
        # ACK (40 ms on Linux loopback), a stall no CRM has, which would swamp the time of small requests.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            server.serve(self)

        do_POST = do_PATCH = do_DELETE = do_GET  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
            return

    return Handler
