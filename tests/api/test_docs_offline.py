"""The API docs page works offline: Swagger UI comes from the package, never a CDN, every asset the page names is
served by the app itself, and the page keeps the strict Content-Security-Policy (no inline script), so the viewer
renders the operations in a real browser with every request outside the app refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from partnerops.api.app import create_app
from partnerops.api.hardening import CSP
from partnerops.settings import Settings
from web.conftest import serving

DOCS = "/api/v1/docs"
CHROMIUM = "/usr/bin/chromium"


class _Page(HTMLParser):
    """The URLs a page makes the browser fetch, and the bodies of its script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.urls += [v for k, v in attrs if k in ("src", "href", "data-openapi-url") and v]
        if tag == "script":
            self.scripts.append(named)
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


@pytest.fixture
def app(sqlite_engine: Engine) -> FastAPI:
    return create_app(sqlite_engine, Settings(database_url=str(sqlite_engine.url), secure_cookies=False))


def _read(client: TestClient) -> _Page:
    page = _Page()
    page.feed(client.get(DOCS).text)
    return page


def test_the_docs_page_names_only_assets_the_app_serves_itself(app: FastAPI) -> None:
    client = TestClient(app)
    answer = client.get(DOCS)
    page = _read(client)

    assert answer.status_code == 200
    assert "http://" not in answer.text and "https://" not in answer.text
    assert {Path(u).name for u in page.urls} == {"swagger-ui.css", "swagger-ui-bundle.js", "docs-init.js",
                                                 "openapi.json"}  # fmt: skip
    for url in page.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        fetched = client.get(url)
        assert fetched.status_code == 200, url
        assert len(fetched.content) > 100, url
    openapi = next(u for u in page.urls if u.endswith("openapi.json"))
    assert client.get(openapi).json()["info"]["title"] == "PartnerOps"


def test_the_docs_page_keeps_the_strict_content_security_policy(app: FastAPI) -> None:
    client = TestClient(app)
    page = _read(client)
    assert client.get(DOCS).headers["content-security-policy"] == CSP
    assert page.inline == []
    assert all(script.get("src") for script in page.scripts)


@pytest.fixture
def served(app: FastAPI) -> Iterator[str]:
    with serving(app) as base_url:
        yield base_url


def test_swagger_ui_renders_the_operations_with_the_network_cut_off(served: str) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs it)")
    refused: list[str] = []
    problems: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        def only_the_app(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(served):
                route.continue_()  # type: ignore[attr-defined]
            else:
                refused.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", only_the_app)
        page.goto(served + DOCS)
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()

    assert any(re.fullmatch(r"/api/v1/partners/?", p.replace("\u200b", "")) for p in paths), paths
    assert refused == []
    assert problems == []
