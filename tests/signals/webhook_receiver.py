"""A real HTTP receiver on loopback for webhook tests: it records every JSON body it is sent and answers 200,
or 500 while told to fail; a closed port stands for a receiver that is down."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.received: list[dict[str, Any]] = []
        self.failing = False

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hooks/alerts"


def _handler(receiver_of: dict[str, Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            receiver = receiver_of["it"]
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if receiver.failing:
                self.send_response(500)
            else:
                receiver.received.append({"path": self.path, "content_type": self.headers["Content-Type"], **body})
                self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok" if not receiver.failing else b"receiver is broken")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Keep test output quiet."""

    return Handler


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    holder: dict[str, Receiver] = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    holder["it"] = Receiver(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["it"]
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A URL on a loopback port nothing listens on: connecting is refused, like a receiver that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/alerts"
