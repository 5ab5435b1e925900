"""End to end over real HTTP: uvicorn on a free loopback port, a same-origin cookie login with CSRF (another
site's is refused), and a token call."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.api_world import PASSWORD, World


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.05):
        if server.started:
            started.set()
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


def test_browser_style_session_and_api_token_over_http(base_url: str, world: World) -> None:
    with httpx.Client(base_url=base_url) as browser:
        form = {"email": "partner_a@example.com", "password": PASSWORD}
        cross_site = browser.post("/api/v1/auth/login", data=form, headers={"Origin": "https://evil.example"})
        assert cross_site.status_code == 403
        signed_in = browser.post("/api/v1/auth/login", data=form, headers={"Origin": base_url})
        assert signed_in.status_code == 200
        csrf = signed_in.json()["csrf_token"]
        body = {"partner_id": world.partner_a_ref, "opportunity_id": world.opportunity_a_ref, "type": "poc",
                "touched_on": "2026-03-01"}  # fmt: skip
        assert browser.post("/api/v1/touches", json=body).status_code == 403
        claimed = browser.post("/api/v1/touches", json=body, headers={"X-CSRF-Token": csrf})
        assert claimed.status_code == 201 and claimed.json()["status"] == "claimed"
    with httpx.Client(base_url=base_url, headers=world.headers("sales")) as api:
        confirmed = api.post(f"/api/v1/touches/{claimed.json()['id']}/confirm")
        assert confirmed.json()["status"] == "confirmed"
