"""An app over the test database with the two-partner world in it, and a client speaking to it in-process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World, build_world
from partnerops.api.app import create_app
from partnerops.settings import Settings


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def app(engine: Engine, world: World) -> FastAPI:
    return create_app(engine, Settings(database_url="sqlite://", secure_cookies=False))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
