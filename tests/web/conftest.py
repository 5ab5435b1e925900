"""Fixtures for the page tests: a seeded SQLite database, the app, a real uvicorn server on loopback and
Debian's Chromium driven by Playwright."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine

from partnerops.settings import Settings
from partnerops.store.database import make_engine, migrate
from partnerops.web.app import create_web_app
from web.web_world import PASSWORD, World, seed_world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(__file__).parent / "artifacts"


def build_app(tmp: Path) -> tuple[FastAPI, Engine, World]:
    url = f"sqlite:///{tmp / 'web.db'}"
    engine = make_engine(url)
    migrate(engine)
    world = seed_world(engine)
    settings = Settings(database_url=url, secure_cookies=False)
    return create_web_app(engine, settings, warm_dashboard=False), engine, world


def sign_in(client: TestClient, email: str) -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code == 200, answer.text


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    """The app served by uvicorn on a free loopback port, in a thread, for the whole session."""
    app, engine, world = build_app(tmp_path_factory.mktemp("live"))
    with serving(app) as url:
        yield url, world
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser, live_server: tuple[str, World]) -> Iterator[object]:
    """A factory of pages, each in its own browser context (its own cookies), at the live server."""
    contexts = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            base_url=live_server[0], viewport={"width": width, "height": height}, locale="en-US"
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/(portal)?$"))


def signed_in_page(browser: Browser, url: str, width: int, email: str) -> Page:
    """A new page of `browser` on the app at `url`, `width` pixels wide, signed in as `email`."""
    context = browser.new_context(base_url=url, viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    login(page, email)
    return page


def screenshot(page: Page, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact and print where it is."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
