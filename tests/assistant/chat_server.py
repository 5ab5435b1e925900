"""A real HTTP server on loopback that imitates an OpenAI-compatible /v1/chat/completions endpoint and keeps
every request body it was sent, so a test can read exactly what a language model would have received."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ChatServer(ThreadingHTTPServer):
    received: list[dict[str, Any]]
    reply: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def sent_text(self) -> str:
        """Everything every request carried, as one string to search."""
        return "\n".join(json.dumps(body) for body in self.received)


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:  # noqa: N802 (the http.server naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append({"path": self.path, "authorization": self.headers.get("Authorization"), **body})
        facts = body["messages"][1]["content"]
        # Like a model that obeys injected text, it repeats everything it was given: what it was sent is then
        # all it could ever leak.
        content = f"{self.server.reply}\n{facts}"
        payload = json.dumps({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@contextmanager
def chat_server(reply: str = "Phrased by the model.") -> Iterator[ChatServer]:
    server = ChatServer(("127.0.0.1", 0), _Handler)
    server.received, server.reply = [], reply
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
