"""What a security review checks on every response: the headers, the bound on bodies, errors without internals,
health and readiness, and a request log that never holds a secret."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World
from partnerops.api.app import create_app
from partnerops.settings import Settings
from partnerops.store.database import make_engine
from partnerops.web.app import create_web_app

BROKEN = APIRouter()


@BROKEN.get("/api/v1/broken")
def _broken_api() -> None:
    raise RuntimeError("secret internals: password=hunter2")


@BROKEN.get("/broken-page")
def _broken_page() -> None:
    raise RuntimeError("secret internals: password=hunter2")


def test_every_answer_carries_the_security_headers(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/auth/me", headers=world.headers("partner_a"))
    headers = answer.headers
    assert "script-src 'self';" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert (headers["x-content-type-options"], headers["x-frame-options"]) == ("nosniff", "DENY")
    assert headers["referrer-policy"] == "same-origin"
    # A signed-in answer never sits in a cache; these test settings do not promise HTTPS, so no HSTS.
    assert headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in headers


def test_hsts_is_sent_when_cookies_are_secure(engine: Engine, world: World) -> None:
    app = create_app(engine, Settings(database_url="sqlite://", secure_cookies=True))
    with TestClient(app) as client:
        assert client.get("/healthz").headers["strict-transport-security"].startswith("max-age=")


def test_a_body_over_the_bound_is_refused_with_413(client: TestClient) -> None:
    answer = client.post("/api/v1/auth/login", content=b"x" * (10 * 1024 * 1024 + 1),
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"


def test_an_unforeseen_error_is_one_json_body_without_internals(engine: Engine, world: World) -> None:
    app = create_app(engine, Settings(database_url="sqlite://", secure_cookies=False), extra_routers=[BROKEN])
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/broken")
    assert answer.status_code == 500
    error = answer.json()["error"]
    assert error["code"] == "internal" and "reference" in error["message"]
    assert "hunter2" not in answer.text and "Traceback" not in answer.text


def test_an_unforeseen_error_on_a_page_is_a_styled_page(engine: Engine, world: World) -> None:
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    app.include_router(BROKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/broken-page")
    assert answer.status_code == 500 and answer.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in answer.text and "reference" in answer.text and "hunter2" not in answer.text


def test_an_unreachable_database_is_a_503_naming_no_password() -> None:
    engine = make_engine("postgresql://partnerops:s3cret@127.0.0.1:9/partnerops")
    app = create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/opportunities", headers={"Authorization": "Bearer anything"})
        ready = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "unavailable"
    assert ready.status_code == 503 and "does not answer" in ready.json()["reason"]
    assert "s3cret" not in answer.text + ready.text


def test_liveness_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readiness_fails_on_a_database_without_the_schema(tmp_path: Path) -> None:
    app = create_app(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"), Settings(database_url="sqlite://"))
    with TestClient(app) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 503 and "does not answer" in answer.json()["reason"]


def test_the_request_log_is_one_json_line_per_request_without_secrets(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    token = world.tokens["partner_a"]
    with caplog.at_level(logging.INFO, logger="partnerops.access"):
        client.get("/api/v1/auth/me?token=also-secret", headers=world.headers("partner_a"))
    (line,) = [r.getMessage() for r in caplog.records if r.name == "partnerops.access"]
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/api/v1/auth/me", 200)
    assert isinstance(entry["user_id"], int) and entry["duration_ms"] >= 0
    assert token not in line and "also-secret" not in line
